// Files from JS hooks (pb_hooks_example/08_files.pb.js) through the SDK.
// Run by tests/files_test.go (TestSDKFilesFromHooks).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import PocketBase from "pocketbase";

const url = process.env.HOOKBASE_URL;
const email = process.env.HOOKBASE_SU_EMAIL;
const password = process.env.HOOKBASE_SU_PASSWORD;
const dataDir = process.env.HOOKBASE_DATA_DIR;
const fixtures = process.env.HOOKBASE_FIXTURES;
if (!url || !email || !password || !dataDir || !fixtures) {
  throw new Error("run through go test (tests/files_test.go)");
}

function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

let su, guest;

before(async () => {
  su = client();
  await su.collection("_superusers").authWithPassword(email, password);
  guest = client();
  // the collection is created by the example's onBootstrap
  for (let i = 0; i < 50; i++) {
    try {
      await su.collections.getOne("example_docs");
      return;
    } catch (_) {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("example_docs was not created");
});

test("a request hook appends a generated file with field+ next to the uploaded ones", async () => {
  const rec = await guest.collection("example_docs").create({
    title: "report",
    attachments: [new File(["uploaded body"], "notes.txt")],
  });
  assert.equal(rec.attachments.length, 2);
  assert.match(rec.attachments[0], /^notes_[a-z0-9]{10}\.txt$/);
  assert.match(rec.attachments[1], /^receipt_[a-z0-9]{10}\.txt$/);
  const res = await fetch(guest.files.getURL(rec, rec.attachments[1]));
  assert.equal(await res.text(), "receipt for report");
  // onFileDownloadRequest ran for the collection
  assert.equal(res.headers.get("x-example-file"), rec.attachments[1]);

  // $app.newFilesystem() reads the stored files back
  const contents = await guest.send(`/example/docs/${rec.id}/contents`, {});
  assert.deepEqual(Object.values(contents).sort(), ["receipt for report", "uploaded body"]);
});

test("e.findUploadedFiles takes the multipart files of a custom route", async () => {
  const fd = new FormData();
  fd.append("file", new Blob([fs.readFileSync(path.join(fixtures, "wide.png"))]), "Wide Image.png");
  fd.append("file", new Blob(["text"]), "other.txt");
  const out = await guest.send("/example/docs/upload", { method: "POST", body: fd });
  assert.equal(out.attachments.length, 2);
  assert.match(out.attachments[0], /^wide_image_[a-z0-9]{10}\.png$/);
  const rec = await guest.collection("example_docs").getOne(out.id);
  assert.deepEqual(rec.attachments, out.attachments);
  for (const name of rec.attachments) {
    assert.ok(fs.existsSync(path.join(dataDir, "storage", rec.collectionId, rec.id, name)), name);
  }
  const thumb = await fetch(guest.files.getURL(rec, rec.attachments[0], { thumb: "20x20" }));
  const buf = Buffer.from(await thumb.arrayBuffer());
  assert.deepEqual([buf.readUInt32BE(16), buf.readUInt32BE(20)], [20, 20]);
  assert.equal(thumb.headers.get("x-example-file"), `20x20_${rec.attachments[0]}`);
  assert.equal(thumb.headers.get("x-example-thumb-fallback"), null);
  // an unlisted size serves the original, and the hook sees e.thumbError
  const unlisted = await fetch(guest.files.getURL(rec, rec.attachments[0], { thumb: "33x33" }));
  await unlisted.arrayBuffer();
  assert.equal(unlisted.headers.get("x-example-file"), rec.attachments[0]);
  assert.equal(unlisted.headers.get("x-example-thumb-fallback"), "1");
  await assert.rejects(guest.send("/example/docs/upload", { method: "POST", body: new FormData() }), (err) => err.status === 400);
});

test("fileFromBytes files saved from a route, one removed again with field-", async () => {
  const out = await guest.send("/example/docs/generated", { method: "POST" });
  assert.equal(out.attachments.length, 1);
  assert.match(out.attachments[0], /^second_[a-z0-9]{10}\.txt$/);
  const dir = path.join(dataDir, "storage", (await su.collections.getOne("example_docs")).id, out.id);
  assert.ok(!fs.existsSync(path.join(dir, out.removed)), "the removed file is deleted");
  assert.ok(fs.existsSync(path.join(dir, out.attachments[0])));
});

test("onFileTokenRequest sees the token request", async () => {
  const res = await fetch(`${url}/api/files/token`, { method: "POST", headers: { Authorization: su.authStore.token } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-example-token-for"), "_superusers");
  assert.ok((await res.json()).token);
});
