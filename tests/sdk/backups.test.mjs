// The official PocketBase JS SDK's pb.backups against hookbase: list,
// create (and its validation codes), upload, download with a superuser
// file token, restore (of a missing and of a real backup) and delete.
import { test } from "node:test";
import assert from "node:assert/strict";
import PocketBase from "pocketbase";
import { EventSource } from "eventsource";

globalThis.EventSource = EventSource;

const url = process.env.HOOKBASE_URL;
const email = process.env.HOOKBASE_SU_EMAIL;
const password = process.env.HOOKBASE_SU_PASSWORD;
if (!url || !email || !password) {
  throw new Error("HOOKBASE_URL, HOOKBASE_SU_EMAIL and HOOKBASE_SU_PASSWORD must be set (run through go test)");
}

function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

async function superuser() {
  const pb = client();
  await pb.collection("_superusers").authWithPassword(email, password);
  return pb;
}

async function rejects(promise, status, check) {
  try {
    await promise;
  } catch (err) {
    assert.equal(err.status, status, JSON.stringify(err.response));
    if (check) check(err.response);
    return;
  }
  assert.fail(`expected a ${status} error`);
}

// the 22 bytes of an empty zip (end of central directory record only)
const emptyZip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

test("guests get 401 on every backups route", async () => {
  const pb = client();
  await rejects(pb.backups.getFullList(), 401);
  await rejects(pb.backups.create("guest.zip"), 401);
  await rejects(pb.backups.delete("guest.zip"), 401);
  await rejects(pb.backups.restore("guest.zip"), 401);
});

test("create, list, download with a file token, upload and delete", async () => {
  const pb = await superuser();
  const health = await pb.health.check();
  assert.equal(health.data.canBackup, true);

  assert.equal(await pb.backups.create("sdk_one.zip"), true);
  await rejects(pb.backups.create("!bad.zip"), 400, (res) => {
    assert.equal(res.data.name.code, "validation_match_invalid");
  });
  await rejects(pb.backups.create("sdk_one.zip"), 400, (res) => {
    assert.equal(res.data.name.code, "validation_backup_name_exists");
  });

  const list = await pb.backups.getFullList();
  const item = list.find((b) => b.key === "sdk_one.zip");
  assert.ok(item, JSON.stringify(list));
  assert.ok(item.size > 0);
  assert.match(item.modified, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);

  const token = await pb.files.getToken();
  const res = await fetch(pb.backups.getDownloadURL(token, "sdk_one.zip"));
  assert.equal(res.status, 200);
  const body = new Uint8Array(await res.arrayBuffer());
  assert.equal(body.length, item.size);
  assert.deepEqual([...body.slice(0, 2)], [0x50, 0x4b]);
  // an auth token is not a file token
  const denied = await fetch(pb.backups.getDownloadURL(pb.authStore.token, "sdk_one.zip"));
  assert.equal(denied.status, 403);

  const form = new FormData();
  form.append("file", new Blob([emptyZip], { type: "application/zip" }), "sdk_up.zip");
  assert.equal(await pb.backups.upload(form), true);
  const notZip = new FormData();
  notZip.append("file", new Blob(["not a zip"]), "sdk_text.zip");
  await rejects(pb.backups.upload(notZip), 400, (res) => {
    assert.equal(res.data.file.code, "validation_invalid_mime_type");
  });

  assert.equal(await pb.backups.delete("sdk_up.zip"), true);
  await rejects(pb.backups.delete("sdk_up.zip"), 400);
  const keys = (await pb.backups.getFullList()).map((b) => b.key);
  assert.ok(!keys.includes("sdk_up.zip"), keys.join(","));
});

test("restore: an unknown key is a 400, a real backup is served afterwards", async () => {
  const pb = await superuser();
  await rejects(pb.backups.restore("missing.zip"), 400);

  const users = pb.collection("users");
  const kept = await users.create({ email: "kept@example.com", password: "1234567890", passwordConfirm: "1234567890" });
  assert.equal(await pb.backups.create("sdk_restore.zip"), true);
  const dropped = await users.create({ email: "dropped@example.com", password: "1234567890", passwordConfirm: "1234567890" });

  assert.equal(await pb.backups.restore("sdk_restore.zip"), true);
  const deadline = Date.now() + 30000;
  for (;;) {
    const list = await users.getFullList({ filter: `id = "${dropped.id}"` }).catch((err) => {
      if (err.status === 503) return [dropped];
      throw err;
    });
    if (list.length === 0) break;
    assert.ok(Date.now() < deadline, "the restored data was not served within 30s");
    await new Promise((r) => setTimeout(r, 100));
  }
  const again = await users.getOne(kept.id);
  assert.equal(again.email, "kept@example.com");
});

test("realtime subscribers are reconnected by the SDK after a restore and get new events", async () => {
  const pb = await superuser();
  const listener = await superuser();
  const events = [];
  let connects = 0;
  await listener.realtime.subscribe("PB_CONNECT", () => connects++);
  await listener.collection("users").subscribe("*", (e) => events.push(e));
  assert.equal(await pb.backups.create("sdk_realtime.zip"), true);
  const before = connects;

  assert.equal(await pb.backups.restore("sdk_realtime.zip"), true);
  const deadline = Date.now() + 30000;
  while (connects === before) {
    assert.ok(Date.now() < deadline, "the SDK did not reconnect after the restore");
    await new Promise((r) => setTimeout(r, 100));
  }
  const created = await pb.collection("users").create({
    email: "after-restore@example.com", password: "1234567890", passwordConfirm: "1234567890",
  });
  while (!events.some((e) => e.action === "create" && e.record.id === created.id)) {
    assert.ok(Date.now() < deadline, "no realtime event after the restore");
    await new Promise((r) => setTimeout(r, 100));
  }
  listener.realtime.unsubscribe();
});
