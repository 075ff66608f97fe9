// The official PocketBase JS SDK against hookbase: the records API (CRUD,
// rules, expand, fields, modifiers, auth records). Run by
// tests/records_test.go through the harness.
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

async function rejectsWith(promise, status, message) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.status, status, JSON.stringify(err.response));
    if (message !== undefined) assert.equal(err.response?.message, message);
    return true;
  });
}

const pass = "1234567890";
let su, ann, bob, annRec, bobRec, tag;

async function signIn(mail) {
  const pb = client();
  await pb.collection("users").authWithPassword(mail, pass);
  return pb;
}

before(async () => {
  su = client();
  await su.collection("_superusers").authWithPassword(email, password);
  const tags = await su.collections.create({
    name: "sdk_tags", listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
    fields: [{ name: "label", type: "text" }],
  });
  await su.collections.create({
    name: "sdk_posts", listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
    fields: [
      { name: "title", type: "text", max: 50 },
      { name: "n", type: "number" },
      { name: "body", type: "editor" },
      { name: "cats", type: "select", values: ["a", "b", "c"], maxSelect: 3 },
      { name: "author", type: "relation", collectionId: "_pb_users_auth_", maxSelect: 1 },
      { name: "tags", type: "relation", collectionId: tags.id, maxSelect: 5 },
      { name: "secret", type: "text", hidden: true },
      { name: "created", type: "autodate", onCreate: true },
    ],
  });
  await su.collections.create({ name: "sdk_locked", fields: [{ name: "title", type: "text" }] });
  await su.collections.create({
    name: "sdk_owned",
    listRule: "author = @request.auth.id", viewRule: "author = @request.auth.id",
    createRule: "@request.auth.id != '' && author = @request.auth.id",
    updateRule: "author = @request.auth.id", deleteRule: "author = @request.auth.id",
    fields: [{ name: "title", type: "text" }, { name: "author", type: "relation", collectionId: "_pb_users_auth_", maxSelect: 1 }],
  });

  // signup through create, as guests do
  const guest = client();
  annRec = await guest.collection("users").create({ email: "ann@example.com", password: pass, passwordConfirm: pass, name: "Ann" });
  bobRec = await guest.collection("users").create({ email: "bob@example.com", password: pass, passwordConfirm: pass, name: "Bob", emailVisibility: true });
  ann = await signIn("ann@example.com");
  bob = await signIn("bob@example.com");
  tag = await su.collection("sdk_tags").create({ label: "go" });
});

test("signup hides the email from guests and refuses bad input", async () => {
  assert.equal(annRec.name, "Ann");
  assert.equal(annRec.verified, false);
  assert.equal(annRec.collectionName, "users");
  assert.equal("email" in annRec, false, "hidden email must be absent");
  assert.equal(bobRec.email, "bob@example.com");
  assert.equal("password" in annRec || "tokenKey" in annRec, false);

  const guest = client();
  await assert.rejects(
    guest.collection("users").create({ email: "x@example.com", password: pass, passwordConfirm: "other-pass-1" }),
    (err) => {
      assert.equal(err.status, 400);
      assert.equal(err.response.message, "Failed to create record.");
      assert.equal(err.response.data.passwordConfirm.code, "validation_values_mismatch");
      return true;
    },
  );
  await assert.rejects(
    guest.collection("users").create({ email: "y@example.com", password: pass, passwordConfirm: pass, verified: true }),
    (err) => {
      assert.equal(err.response.data.verified.code, "validation_values_mismatch");
      return true;
    },
  );
  const me = await ann.collection("users").getOne(annRec.id);
  assert.equal(me.email, "ann@example.com", "owners see their own email");
});

test("CRUD round trip with list options", async () => {
  const pb = client();
  for (let i = 0; i < 12; i++) {
    await pb.collection("sdk_posts").create({ title: `post ${String(i).padStart(2, "0")}`, n: i });
  }
  const page = await pb.collection("sdk_posts").getList(2, 5, { sort: "-n", filter: "n >= 2" });
  assert.equal(page.page, 2);
  assert.equal(page.perPage, 5);
  assert.equal(page.totalItems, 10);
  assert.equal(page.totalPages, 2);
  assert.deepEqual(page.items.map((r) => r.n), [6, 5, 4, 3, 2]);

  const skip = await pb.collection("sdk_posts").getList(1, 3, { skipTotal: true, sort: "n" });
  assert.equal(skip.totalItems, -1);
  assert.equal(skip.totalPages, -1);
  assert.equal(skip.items[0].title, "post 00");

  const full = await pb.collection("sdk_posts").getFullList({ batch: 5, filter: "title ~ 'post'" });
  assert.equal(full.length, 12);
  const first = await pb.collection("sdk_posts").getFirstListItem(pb.filter("n = {:n}", { n: 7 }));
  assert.equal(first.title, "post 07");
  await rejectsWith(pb.collection("sdk_posts").getFirstListItem("n = 999"), 404);

  const one = await pb.collection("sdk_posts").getOne(first.id);
  assert.equal(one.id, first.id);
  assert.equal(one.collectionName, "sdk_posts");
  assert.match(one.created, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/);

  const upd = await pb.collection("sdk_posts").update(first.id, { title: "changed" });
  assert.equal(upd.title, "changed");
  assert.equal(await pb.collection("sdk_posts").delete(first.id), true);
  await rejectsWith(pb.collection("sdk_posts").getOne(first.id), 404, "The requested resource wasn't found.");

  await rejectsWith(pb.collection("sdk_posts").getList(1, 5, { filter: "title ~~ 'x" }), 400, "Something went wrong while processing your request.");
  await rejectsWith(pb.collection("sdk_posts").getList(1, 5, { sort: "nope" }), 400, "Something went wrong while processing your request.");
  await rejectsWith(pb.collection("sdk_posts").getList(1, 5, { filter: "secret = 'x'" }), 400);
  await rejectsWith(pb.collection("sdk_nope").getList(1, 5), 404, "Missing collection context.");

  await assert.rejects(pb.collection("sdk_posts").create({ title: "x".repeat(51) }), (err) => {
    assert.equal(err.status, 400);
    assert.equal(err.response.data.title.code, "validation_max_text_constraint");
    return true;
  });
});

test("rule statuses: locked 403, unsatisfied 200/404/400", async () => {
  const guest = client();
  const locked = await su.collection("sdk_locked").create({ title: "l" });
  for (const call of [
    () => guest.collection("sdk_locked").getList(),
    () => ann.collection("sdk_locked").getOne(locked.id),
    () => ann.collection("sdk_locked").getOne("missingid123456"),
    () => guest.collection("sdk_locked").create({ title: "x" }),
    () => ann.collection("sdk_locked").update("missingid123456", { title: "x" }),
    () => ann.collection("sdk_locked").delete(locked.id),
  ]) {
    await rejectsWith(call(), 403, "Only superusers can perform this action.");
  }

  const mine = await ann.collection("sdk_owned").create({ title: "mine", author: annRec.id });
  await rejectsWith(bob.collection("sdk_owned").create({ title: "theirs", author: annRec.id }), 400, "Failed to create record.");
  await rejectsWith(guest.collection("sdk_owned").create({ title: "anon" }), 400, "Failed to create record.");
  assert.equal((await bob.collection("sdk_owned").getList()).totalItems, 0);
  assert.equal((await guest.collection("sdk_owned").getList()).items.length, 0);
  assert.equal((await ann.collection("sdk_owned").getList()).totalItems, 1);
  await rejectsWith(bob.collection("sdk_owned").getOne(mine.id), 404);
  await rejectsWith(bob.collection("sdk_owned").update(mine.id, { title: "x" }), 404);
  await rejectsWith(bob.collection("sdk_owned").delete(mine.id), 404);
  assert.equal((await ann.collection("sdk_owned").update(mine.id, { title: "ok" })).title, "ok");
  assert.equal(await ann.collection("sdk_owned").delete(mine.id), true);
});

test("expand honours the related viewRule", async () => {
  const post = await su.collection("sdk_posts").create({ title: "exp", author: annRec.id, tags: [tag.id] });
  const guest = client();

  const asGuest = await guest.collection("sdk_posts").getOne(post.id, { expand: "author,tags,unknown" });
  assert.equal(asGuest.expand.tags[0].label, "go");
  assert.equal(asGuest.expand.author, undefined, "a guest cannot view the user");
  assert.equal(asGuest.expand.unknown, undefined);

  const asAnn = await ann.collection("sdk_posts").getOne(post.id, { expand: "author" });
  assert.equal(asAnn.expand.author.name, "Ann");
  assert.equal(asAnn.expand.author.email, "ann@example.com");

  const list = await guest.collection("sdk_posts").getList(1, 1, { filter: `id = '${post.id}'`, expand: "author" });
  const exp = list.items[0].expand;
  assert.ok(exp === undefined || Object.keys(exp).length === 0, `unexpected expand ${JSON.stringify(exp)}`);

  const back = await guest.collection("sdk_tags").getOne(tag.id, { expand: "sdk_posts_via_tags" });
  assert.ok(Array.isArray(back.expand.sdk_posts_via_tags));
  assert.equal(back.expand.sdk_posts_via_tags[0].id, post.id);
});

test("fields picking and excerpt", async () => {
  const pb = client();
  const rec = await pb.collection("sdk_posts").create({ title: "f", body: "<p>Hello <b>big</b>   world, this is long</p>", tags: [tag.id] });
  const picked = await pb.collection("sdk_posts").getOne(rec.id, { fields: "id,body:excerpt(9,true)" });
  assert.deepEqual(Object.keys(picked).sort(), ["body", "id"]);
  assert.equal(picked.body, "Hello big...");

  const list = await pb.collection("sdk_posts").getList(1, 1, {
    filter: `id = '${rec.id}'`, expand: "tags", fields: "*,expand.tags.label",
  });
  assert.equal(list.page, 1);
  assert.equal(list.items[0].title, "f");
  assert.deepEqual(list.items[0].expand.tags, [{ label: "go" }]);
});

test("modifiers, hidden fields and manage rules", async () => {
  const pb = client();
  const rec = await pb.collection("sdk_posts").create({ title: "m", cats: ["a"], n: 5, secret: "guest-set" });
  assert.equal("secret" in rec, false);
  let out = await pb.collection("sdk_posts").update(rec.id, { "cats+": "b", "n+": 3 });
  assert.deepEqual(out.cats, ["a", "b"]);
  assert.equal(out.n, 8);
  out = await pb.collection("sdk_posts").update(rec.id, { "cats+": ["b", "c"], "n-": 10 });
  assert.deepEqual(out.cats, ["a", "b", "c"]);
  assert.equal(out.n, -2);
  out = await pb.collection("sdk_posts").update(rec.id, { "cats-": "a" });
  assert.deepEqual(out.cats, ["b", "c"]);
  out = await pb.collection("sdk_posts").update(rec.id, { "+cats": "a" });
  assert.deepEqual(out.cats, ["a", "b", "c"]);

  const asSu = await su.collection("sdk_posts").getOne(rec.id);
  assert.equal(asSu.secret, "", "guests cannot set hidden fields; superusers see them");
  assert.equal((await su.collection("sdk_posts").update(rec.id, { secret: "s" })).secret, "s");

  // the owner cannot change their email directly; a manager can
  await assert.rejects(ann.collection("users").update(annRec.id, { email: "new-ann@example.com" }), (err) => {
    assert.equal(err.response.data.email.code, "validation_values_mismatch");
    return true;
  });
  await su.collections.update("users", { manageRule: `@request.auth.id = '${bobRec.id}'`, updateRule: "@request.auth.id != ''", viewRule: "" });
  const managed = await bob.collection("users").update(annRec.id, { email: "ann2@example.com", verified: true });
  assert.equal(managed.email, "ann2@example.com");
  assert.equal(managed.verified, true);
  const asGuest = await client().collection("users").getOne(annRec.id);
  assert.equal("email" in asGuest, false);
});

test("multipart bodies with @jsonPayload", async () => {
  const pb = client();
  const form = new FormData();
  form.append("title", "from-form");
  form.append("cats", "a");
  form.append("cats", "c");
  form.append("@jsonPayload", JSON.stringify({ n: 77 }));
  const rec = await pb.collection("sdk_posts").create(form);
  assert.equal(rec.title, "from-form");
  assert.equal(rec.n, 77);
  assert.deepEqual(rec.cats, ["a", "c"]);
});
