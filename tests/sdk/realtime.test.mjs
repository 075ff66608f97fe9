// The official PocketBase JS SDK's realtime client against hookbase's
// /api/realtime: connect, subscribe/unsubscribe, rule-checked delivery,
// subscription options, auth attach/upgrade, auth dropped on password
// change, delete events and nothing sent for a rolled-back transaction.
// Node has no EventSource, so the `eventsource` package provides it, as
// the SDK's docs advise. Run by tests/realtime_test.go through the harness.
import { test, before, after } from "node:test";
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

const pass = "1234567890";
const opened = [];
let su, users, ann, bob, annRec, bobRec;

function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  opened.push(pb);
  return pb;
}

async function signIn(mail) {
  const pb = client();
  await pb.collection("rt_users").authWithPassword(mail, pass);
  return pb;
}

// listen subscribes cb-less and returns the received events plus a waiter.
async function listen(pb, collection, topic, options) {
  const events = [];
  const waiters = [];
  const unsubscribe = await pb.collection(collection).subscribe(topic, (e) => {
    events.push(e);
    for (const w of [...waiters]) w();
  }, options);
  const waitFor = (pred, what, ms = 5000) => new Promise((resolve, reject) => {
    const check = () => {
      const found = events.find(pred);
      if (found) {
        waiters.splice(waiters.indexOf(check), 1);
        clearTimeout(timer);
        resolve(found);
      }
    };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(check), 1);
      reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(events)}`));
    }, ms);
    waiters.push(check);
    check();
  });
  return { events, waitFor, unsubscribe };
}

// marker creates a public record every listener of "rt_public" sees; since
// a client's events arrive in commit order, once the marker is in nothing
// sent before it can still be on its way.
async function marker(l, pb, tag) {
  const rec = await su.collection("rt_public").create({ title: tag });
  await l.waitFor((e) => e.record.id === rec.id, `marker ${tag}`);
  return rec;
}

before(async () => {
  su = client();
  await su.collection("_superusers").authWithPassword(email, password);
  users = await su.collections.create({
    name: "rt_users", type: "auth",
    listRule: "id = @request.auth.id", viewRule: "id = @request.auth.id",
    createRule: "", updateRule: "id = @request.auth.id",
    fields: [{ name: "name", type: "text" }],
  });
  annRec = await su.collection("rt_users").create({ email: "ann@rt.test", password: pass, passwordConfirm: pass, name: "Ann", verified: true });
  bobRec = await su.collection("rt_users").create({ email: "bob@rt.test", password: pass, passwordConfirm: pass, name: "Bob", verified: true });
  await su.collections.create({
    name: "rt_public", listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
    fields: [
      { name: "title", type: "text" },
      { name: "author", type: "relation", collectionId: users.id, maxSelect: 1 },
      { name: "secret", type: "text", hidden: true },
    ],
  });
  await su.collections.create({
    name: "rt_members", listRule: "@request.auth.id != ''", viewRule: "@request.auth.id != ''",
    fields: [{ name: "title", type: "text" }],
  });
  await su.collections.create({
    name: "rt_owned", listRule: "owner = @request.auth.id", viewRule: "owner = @request.auth.id",
    fields: [
      { name: "title", type: "text" },
      { name: "owner", type: "relation", collectionId: users.id, maxSelect: 1 },
    ],
  });
  await su.collections.create({
    // no listRule: only topics of one record (checked with viewRule) work
    name: "rt_viewonly", listRule: null, viewRule: "",
    fields: [{ name: "title", type: "text" }],
  });
  await su.collections.create({
    name: "rt_keyed",
    listRule: "@request.query.key = 'open-sesame' || @request.headers.x_token = 'abc'",
    viewRule: "@request.query.key = 'open-sesame' || @request.headers.x_token = 'abc'",
    fields: [{ name: "title", type: "text" }],
  });
  ann = await signIn("ann@rt.test");
  bob = await signIn("bob@rt.test");
});

after(() => {
  for (const pb of opened) pb.realtime.unsubscribe().catch(() => {});
});

test("connect: the SDK receives PB_CONNECT and a client id", async () => {
  const pb = client();
  let connectId;
  await pb.realtime.subscribe("PB_CONNECT", (e) => { connectId = e.clientId; });
  assert.equal(pb.realtime.isConnected, true);
  assert.equal(typeof pb.realtime.clientId, "string");
  assert.equal(pb.realtime.clientId.length, 40);
  assert.equal(connectId, pb.realtime.clientId);
  await pb.realtime.unsubscribe();
});

test("subscribe('*') receives create, update and delete with the record", async () => {
  const pb = client();
  const l = await listen(pb, "rt_public", "*");
  const rec = await su.collection("rt_public").create({ title: "one", secret: "s3" });
  const created = await l.waitFor((e) => e.action === "create" && e.record.id === rec.id, "create");
  assert.equal(created.record.title, "one");
  assert.equal(created.record.collectionName, "rt_public");
  assert.equal(created.record.secret, undefined, "hidden field sent to a guest");

  await su.collection("rt_public").update(rec.id, { title: "two" });
  const updated = await l.waitFor((e) => e.action === "update" && e.record.id === rec.id, "update");
  assert.equal(updated.record.title, "two");

  await su.collection("rt_public").delete(rec.id);
  const deleted = await l.waitFor((e) => e.action === "delete" && e.record.id === rec.id, "delete");
  assert.equal(deleted.record.title, "two", "the delete event carries the deleted record");
  await l.unsubscribe();
});

test("a superuser subscriber sees hidden fields", async () => {
  const l = await listen(su, "rt_public", "*");
  const rec = await su.collection("rt_public").create({ title: "h", secret: "visible-to-su" });
  const e = await l.waitFor((e) => e.record.id === rec.id, "create");
  assert.equal(e.record.secret, "visible-to-su");
  await l.unsubscribe();
});

test("subscribe(id) receives only that record's events", async () => {
  const a = await su.collection("rt_public").create({ title: "a" });
  const b = await su.collection("rt_public").create({ title: "b" });
  const pb = client();
  const one = await listen(pb, "rt_public", a.id);
  const all = await listen(pb, "rt_public", "*");
  await su.collection("rt_public").update(b.id, { title: "b2" });
  await su.collection("rt_public").update(a.id, { title: "a2" });
  const e = await one.waitFor((e) => e.record.id === a.id, "update of a");
  assert.equal(e.action, "update");
  assert.equal(e.record.title, "a2");
  await all.waitFor((e) => e.record.id === a.id, "update of a on *");
  assert.deepEqual(one.events.map((e) => e.record.id), [a.id], "the record topic got another record's event");
  await one.unsubscribe();
  await all.unsubscribe();
});

test("unsubscribe stops the events of that topic", async () => {
  const pb = client();
  const stay = await listen(pb, "rt_public", "*");
  const gone = await listen(pb, "rt_members", "*");
  await gone.unsubscribe();
  await su.collection("rt_members").create({ title: "after unsubscribe" });
  await marker(stay, pb, "unsub");
  assert.equal(gone.events.length, 0);
  await stay.unsubscribe();
  assert.equal(pb.realtime.isConnected, false, "the SDK disconnects with no topics left");
});

test("rules: a guest does not see records of an auth-only listRule, a user does", async () => {
  const guest = client();
  const gPublic = await listen(guest, "rt_public", "*");
  const gMembers = await listen(guest, "rt_members", "*");
  const uMembers = await listen(ann, "rt_members", "*");
  const rec = await su.collection("rt_members").create({ title: "members only" });
  const got = await uMembers.waitFor((e) => e.record.id === rec.id, "members create");
  assert.equal(got.record.title, "members only");
  await marker(gPublic, guest, "guest-hidden");
  assert.equal(gMembers.events.length, 0, "a guest received a members-only record");
  await gPublic.unsubscribe();
  await gMembers.unsubscribe();
  await uMembers.unsubscribe();
});

test("rules: an owner rule sends each user only their own records", async () => {
  const annL = await listen(ann, "rt_owned", "*");
  const bobL = await listen(bob, "rt_owned", "*");
  const bobPublic = await listen(bob, "rt_public", "*");
  const annRecord = await su.collection("rt_owned").create({ title: "ann's", owner: annRec.id });
  await annL.waitFor((e) => e.record.id === annRecord.id, "ann's record");
  await marker(bobPublic, bob, "owner");
  assert.equal(bobL.events.length, 0, "bob received ann's record");

  const bobRecord = await su.collection("rt_owned").create({ title: "bob's", owner: bobRec.id });
  await bobL.waitFor((e) => e.record.id === bobRecord.id, "bob's record");
  assert.deepEqual(annL.events.map((e) => e.record.id), [annRecord.id]);
  for (const l of [annL, bobL, bobPublic]) await l.unsubscribe();
});

test("rules: a record topic is checked with the viewRule, '*' with the listRule", async () => {
  const rec = await su.collection("rt_viewonly").create({ title: "v1" });
  const pb = client();
  const star = await listen(pb, "rt_viewonly", "*");
  const one = await listen(pb, "rt_viewonly", rec.id);
  await su.collection("rt_viewonly").update(rec.id, { title: "v2" });
  const e = await one.waitFor((e) => e.record.id === rec.id, "viewRule topic");
  assert.equal(e.record.title, "v2");
  const pub = await listen(pb, "rt_public", "*");
  await marker(pub, pb, "viewonly");
  assert.equal(star.events.length, 0, "'*' passed a locked listRule");
  for (const l of [star, one, pub]) await l.unsubscribe();
});

test("options: query and headers feed @request.query / @request.headers in rules", async () => {
  const pb = client();
  const none = await listen(pb, "rt_keyed", "*");
  const byQuery = await listen(pb, "rt_keyed", "*", { query: { key: "open-sesame" } });
  const byHeader = await listen(pb, "rt_keyed", "*", { headers: { "X-Token": "abc" } });
  const wrong = await listen(pb, "rt_keyed", "*", { query: { key: "nope" } });
  const rec = await su.collection("rt_keyed").create({ title: "keyed" });
  await byQuery.waitFor((e) => e.record.id === rec.id, "query-keyed event");
  await byHeader.waitFor((e) => e.record.id === rec.id, "header-keyed event");
  const pub = await listen(pb, "rt_public", "*");
  await marker(pub, pb, "keyed");
  assert.equal(none.events.length, 0);
  assert.equal(wrong.events.length, 0);
  for (const l of [none, byQuery, byHeader, wrong, pub]) await l.unsubscribe();
});

test("options: expand and fields shape the record as the records API would", async () => {
  const l = await listen(ann, "rt_public", "*", { expand: "author", fields: "id,title,expand.author.name" });
  const full = await listen(ann, "rt_public", "*", { expand: "author" });
  const rec = await su.collection("rt_public").create({ title: "with author", author: annRec.id });
  const e = await l.waitFor((e) => e.record.id === rec.id, "expanded event");
  assert.deepEqual(e.record, { id: rec.id, title: "with author", expand: { author: { name: "Ann" } } });
  const f = await full.waitFor((e) => e.record.id === rec.id, "expanded full event");
  assert.equal(f.record.expand.author.id, annRec.id);
  assert.equal(f.record.expand.author.email, "ann@rt.test", "the owner sees their own email in the expand");

  // bob may not view ann (viewRule id = @request.auth.id): no expand for him
  const b = await listen(bob, "rt_public", "*", { expand: "author" });
  const rec2 = await su.collection("rt_public").create({ title: "ann again", author: annRec.id });
  const be = await b.waitFor((e) => e.record.id === rec2.id, "bob's event");
  assert.equal(be.record.expand?.author, undefined, "expand passed the related viewRule");
  for (const x of [l, full, b]) await x.unsubscribe();
});

test("options: filter narrows the events", async () => {
  const pb = client();
  const l = await listen(pb, "rt_public", "*", { filter: "title ~ 'match'" });
  const all = await listen(pb, "rt_public", "*");
  const miss = await su.collection("rt_public").create({ title: "other" });
  const hit = await su.collection("rt_public").create({ title: "a match here" });
  await l.waitFor((e) => e.record.id === hit.id, "filtered event");
  await all.waitFor((e) => e.record.id === hit.id, "unfiltered event");
  assert.ok(all.events.some((e) => e.record.id === miss.id));
  assert.deepEqual(l.events.map((e) => e.record.id), [hit.id]);

  // @request.* in a client filter is for superusers only
  const sneaky = await listen(pb, "rt_public", "*", { filter: "@request.auth.id = ''" });
  await marker(all, pb, "sneaky");
  assert.equal(sneaky.events.length, 0);
  for (const x of [l, all, sneaky]) await x.unsubscribe();
});

test("auth records are exported as the records API would: email hidden from others", async () => {
  await su.collections.update("rt_users", { listRule: "", viewRule: "" });
  try {
    const asAnn = await listen(ann, "rt_users", "*");
    const asBob = await listen(bob, "rt_users", "*");
    const asSu = await listen(su, "rt_users", "*");
    await su.collection("rt_users").update(annRec.id, { name: "Ann 2" });
    const mine = await asAnn.waitFor((e) => e.record.id === annRec.id, "ann's own update");
    const other = await asBob.waitFor((e) => e.record.id === annRec.id, "bob sees ann");
    const bySu = await asSu.waitFor((e) => e.record.id === annRec.id, "su sees ann");
    assert.equal(mine.record.email, "ann@rt.test");
    assert.equal(other.record.email, undefined, "emailVisibility off: bob saw ann's email");
    assert.equal(bySu.record.email, "ann@rt.test");
    assert.equal(mine.record.password, undefined);
    assert.equal(mine.record.tokenKey, undefined);
    for (const x of [asAnn, asBob, asSu]) await x.unsubscribe();
  } finally {
    await su.collections.update("rt_users", { listRule: "id = @request.auth.id", viewRule: "id = @request.auth.id" });
  }
});

// rawSubscribe posts a subscription set for a client id with a token.
async function rawSubscribe(clientId, token, subscriptions) {
  const res = await fetch(url + "/api/realtime", {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ clientId, subscriptions }),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

test("POST /api/realtime: validation, unknown client, auth upgrade only", async () => {
  let r = await rawSubscribe("", null, []);
  assert.equal(r.status, 400);
  assert.equal(r.body.data.clientId.code, "validation_required");

  r = await rawSubscribe("no-such-client", null, []);
  assert.equal(r.status, 404);
  assert.deepEqual(r.body.data, {});

  r = await rawSubscribe("x", null, ["a", "b".repeat(2501)]);
  assert.equal(r.status, 400);
  assert.equal(r.body.data.subscriptions["1"].code, "validation_length_too_long");

  const guest = client();
  const l = await listen(guest, "rt_members", "*");
  const clientId = guest.realtime.clientId;
  // guest → ann: allowed, and ann's auth now applies to the stream
  r = await rawSubscribe(clientId, ann.authStore.token, ["rt_members/*"]);
  assert.equal(r.status, 204);
  const rec = await su.collection("rt_members").create({ title: "after upgrade" });
  await l.waitFor((e) => e.record.id === rec.id, "event after the upgrade");
  // same auth again: fine
  r = await rawSubscribe(clientId, ann.authStore.token, ["rt_members/*"]);
  assert.equal(r.status, 204);
  // ann → bob and ann → guest: forbidden
  r = await rawSubscribe(clientId, bob.authStore.token, ["rt_members/*"]);
  assert.equal(r.status, 403);
  assert.deepEqual(r.body.data, {});
  r = await rawSubscribe(clientId, null, ["rt_members/*"]);
  assert.equal(r.status, 403);
  await l.unsubscribe();
});

test("a password change drops the stream's auth; the connection stays as a guest", async () => {
  const carl = await su.collection("rt_users").create({ email: "carl@rt.test", password: pass, passwordConfirm: pass, verified: true });
  const pb = await signIn("carl@rt.test");
  const members = await listen(pb, "rt_members", "*");
  const pub = await listen(pb, "rt_public", "*");
  const before = await su.collection("rt_members").create({ title: "before" });
  await members.waitFor((e) => e.record.id === before.id, "members event while signed in");

  await su.collection("rt_users").update(carl.id, { password: "new-password-1", passwordConfirm: "new-password-1" });
  const afterRec = await su.collection("rt_members").create({ title: "after" });
  await marker(pub, pb, "password");
  assert.equal(members.events.some((e) => e.record.id === afterRec.id), false, "the old auth still applied");
  assert.equal(pb.realtime.isConnected, true);
  for (const x of [members, pub]) await x.unsubscribe();
});

test("deleting the auth record drops the stream's auth", async () => {
  const dan = await su.collection("rt_users").create({ email: "dan@rt.test", password: pass, passwordConfirm: pass, verified: true });
  const pb = await signIn("dan@rt.test");
  const members = await listen(pb, "rt_members", "*");
  const pub = await listen(pb, "rt_public", "*");
  await su.collection("rt_users").delete(dan.id);
  const afterRec = await su.collection("rt_members").create({ title: "after delete" });
  await marker(pub, pb, "auth-delete");
  assert.equal(members.events.some((e) => e.record.id === afterRec.id), false);
  for (const x of [members, pub]) await x.unsubscribe();
});

test("delete events respect the rules checked before the delete", async () => {
  const annL = await listen(ann, "rt_owned", "*");
  const bobL = await listen(bob, "rt_owned", "*");
  const bobPub = await listen(bob, "rt_public", "*");
  const rec = await su.collection("rt_owned").create({ title: "to delete", owner: annRec.id });
  await annL.waitFor((e) => e.record.id === rec.id && e.action === "create", "create");
  await su.collection("rt_owned").delete(rec.id);
  const e = await annL.waitFor((e) => e.record.id === rec.id && e.action === "delete", "delete");
  assert.equal(e.record.title, "to delete");
  await marker(bobPub, bob, "delete-rules");
  assert.equal(bobL.events.length, 0);
  for (const x of [annL, bobL, bobPub]) await x.unsubscribe();
});

test("no event for a change whose transaction rolled back", async () => {
  await su.settings.update({ batch: { enabled: true, maxRequests: 50, timeout: 3, maxBodySize: 0 } });
  const pb = client();
  const l = await listen(pb, "rt_public", "*");
  const victim = await su.collection("rt_public").create({ title: "victim" });
  await l.waitFor((e) => e.record.id === victim.id, "victim create");

  const batch = su.createBatch();
  batch.collection("rt_public").create({ title: "rolled back" });
  batch.collection("rt_public").delete(victim.id);
  batch.collection("rt_public").update("does-not-exist", { title: "fails" });
  await assert.rejects(batch.send(), (err) => err.status === 400);

  await marker(l, pb, "rollback");
  assert.equal(l.events.some((e) => e.record.title === "rolled back"), false, "create event of a rolled-back batch");
  assert.equal(l.events.some((e) => e.action === "delete"), false, "delete event of a rolled-back batch");
  await su.collection("rt_public").getOne(victim.id);
  await l.unsubscribe();
});
