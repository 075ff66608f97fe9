// The official PocketBase JS SDK against hookbase: the collections API
// (superusers only). Run by tests/records_test.go through the harness.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import PocketBase from "pocketbase";

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

let su;
before(async () => {
  su = client();
  await su.collection("_superusers").authWithPassword(email, password);
});

async function rejectsWith(promise, status, message) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.status, status, JSON.stringify(err.response));
    if (message) assert.equal(err.response?.message, message);
    return true;
  });
}

test("guests get 401 and regular users 403", async () => {
  const guest = client();
  await rejectsWith(guest.collections.getList(1, 10), 401, "The request requires valid record authorization token.");

  await su.collection("users").create({ email: "c-user@example.com", password: "1234567890", passwordConfirm: "1234567890" });
  const user = client();
  await user.collection("users").authWithPassword("c-user@example.com", "1234567890");
  await rejectsWith(user.collections.getFullList(), 403, "The authorized record is not allowed to perform this action.");
  await rejectsWith(user.collections.getScaffolds(), 403);
});

test("create, view, update, list, truncate and delete", async () => {
  const created = await su.collections.create({
    name: "sdk_notes",
    type: "base",
    listRule: "",
    fields: [
      { name: "title", type: "text", required: true },
      { name: "done", type: "bool" },
    ],
  });
  assert.equal(created.name, "sdk_notes");
  assert.equal(created.type, "base");
  assert.equal(created.listRule, "");
  assert.equal(created.viewRule, null);
  assert.deepEqual(created.fields.map((f) => f.name), ["id", "title", "done"]);

  const viewed = await su.collections.getOne("sdk_notes");
  assert.equal(viewed.id, created.id);
  const byId = await su.collections.getOne(created.id);
  assert.equal(byId.name, "sdk_notes");

  const updated = await su.collections.update("sdk_notes", { viewRule: "done = true" });
  assert.equal(updated.viewRule, "done = true");
  assert.equal(updated.fields.length, 3, "a partial update keeps the fields");

  const page = await su.collections.getList(1, 50, { filter: "name = 'sdk_notes'" });
  assert.equal(page.totalItems, 1);
  assert.equal(page.items[0].id, created.id);
  const first = await su.collections.getFirstListItem("type = 'auth' && name = 'users'");
  assert.equal(first.name, "users");
  const all = await su.collections.getFullList({ sort: "-created" });
  assert.ok(all.length >= 7);

  await su.collection("sdk_notes").create({ title: "a" });
  await su.collection("sdk_notes").create({ title: "b" });
  assert.equal(await su.collections.truncate("sdk_notes"), true);
  const left = await su.collection("sdk_notes").getList(1, 10);
  assert.equal(left.totalItems, 0);

  assert.equal(await su.collections.delete("sdk_notes"), true);
  await rejectsWith(su.collections.getOne("sdk_notes"), 404);
});

test("validation errors are keyed like PocketBase", async () => {
  await rejectsWith(su.collections.create({ name: "sdk_bad", fields: [{ name: "x", type: "nope" }] }), 400,
    "Failed to load the submitted data due to invalid formatting.");

  await assert.rejects(su.collections.create({ name: "sdk_bad", fields: [{ name: "n", type: "text", max: -1 }] }), (err) => {
    assert.equal(err.status, 400);
    assert.equal(err.response.message, "Failed to create collection.");
    assert.equal(err.response.data.fields["1"].max.code, "validation_min_greater_equal_than_required");
    return true;
  });
  await rejectsWith(su.collections.getOne("sdk_bad"), 404);

  await assert.rejects(su.collections.create({ type: "base" }), (err) => {
    assert.equal(err.response.data.name.code, "validation_required");
    return true;
  });
});

test("scaffolds, import and dry-run view", async () => {
  const scaffolds = await su.collections.getScaffolds();
  assert.deepEqual(Object.keys(scaffolds).sort(), ["auth", "base", "view"]);
  assert.equal(scaffolds.auth.type, "auth");
  assert.equal(scaffolds.base.id, "");
  assert.ok(scaffolds.auth.fields.some((f) => f.name === "email"));

  await su.collections.import([
    { name: "sdk_imp_a", type: "base", listRule: "", fields: [{ name: "title", type: "text" }] },
    { name: "sdk_imp_b", type: "base", fields: [{ name: "count", type: "number" }] },
  ]);
  const a = await su.collections.getOne("sdk_imp_a");
  assert.equal(a.fields[1].name, "title");
  await su.collection("sdk_imp_a").create({ title: "row" });

  // an invalid item fails the whole import and changes nothing
  await assert.rejects(
    su.collections.import([
      { name: "sdk_imp_c", fields: [{ name: "t", type: "text" }] },
      { name: "sdk_imp_d", fields: [{ name: "n", type: "number", min: 5, max: 1 }] },
    ]),
    (err) => {
      assert.equal(err.status, 400);
      assert.equal(err.response.data.collections.code, "validation_collections_import_failure");
      return true;
    },
  );
  await rejectsWith(su.collections.getOne("sdk_imp_c"), 404);

  const sample = await su.collections.dryRunViewQuery("SELECT id, title FROM sdk_imp_a");
  assert.equal(sample.length, 1);
  assert.equal(sample[0].title, "row");
  await rejectsWith(su.collections.dryRunViewQuery("DELETE FROM sdk_imp_a"), 400);
});
