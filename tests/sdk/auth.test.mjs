// Auth flows, settings, logs, batch and the rate limiter through the
// official PocketBase JS SDK. Emails go to the SMTP capture server the Go
// test starts on 127.0.0.1 (tests/mailcapture); the settings point at it.
// Run by tests/auth_test.go.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import PocketBase from "pocketbase";
import { nextMail, smtpSettings } from "./mailbox.mjs";

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

function tokenOf(mail) {
  // read from the raw message, as scripts that parse mails do
  const body = mail.raw;
  const m = body.match(/confirm-(?:verification|password-reset|email-change)\/([\w-]+\.[\w-]+\.[\w-]+)/);
  assert.ok(m, "no token in mail:\n" + body);
  return m[1];
}

const su = client();
let userId;
const userEmail = "sdk-user@example.com";
const userPassword = "first-password-1";

before(async () => {
  await su.collection("_superusers").authWithPassword(email, password);
  await su.settings.update({
    smtp: smtpSettings(),
    batch: { enabled: true, maxRequests: 10 },
  });
  await su.collections.create({
    name: "sdk_notes",
    type: "base",
    listRule: "",
    viewRule: "",
    createRule: "",
    updateRule: "",
    deleteRule: "",
    fields: [{ name: "title", type: "text", min: 3 }],
  });
  const user = await su.collection("users").create({
    email: userEmail,
    password: userPassword,
    passwordConfirm: userPassword,
  });
  userId = user.id;
});

test("auth-methods lists password auth", async () => {
  const methods = await client().collection("users").listAuthMethods();
  assert.equal(methods.password.enabled, true);
  assert.deepEqual(methods.password.identityFields, ["email"]);
  assert.equal(methods.oauth2.enabled, false);
  assert.deepEqual(methods.oauth2.providers, []);
  assert.equal(methods.mfa.enabled, false);
  assert.equal(methods.otp.enabled, false);
});

test("authRefresh renews the auth and fails for guests", async () => {
  const pb = client();
  await pb.collection("users").authWithPassword(userEmail, userPassword);
  const refreshed = await pb.collection("users").authRefresh();
  assert.equal(refreshed.record.id, userId);
  assert.ok(pb.authStore.isValid);
  await assert.rejects(client().collection("users").authRefresh(), (err) => err.status === 401);
});

test("impersonate gives a non-refreshable token", async () => {
  const imp = await su.collection("users").impersonate(userId, 3600);
  assert.equal(imp.authStore.record.id, userId);
  const token = imp.authStore.token;
  const again = await imp.collection("users").authRefresh();
  assert.equal(again.token, token);
  const plain = client();
  plain.authStore.save((await plain.collection("users").authWithPassword(userEmail, userPassword)).token);
  await assert.rejects(plain.collection("users").impersonate(userId, 10), (err) => err.status === 403);
});

test("verification by email", async () => {
  const pb = client();
  assert.equal(await pb.collection("users").requestVerification("unknown@example.com"), true);
  assert.equal(await pb.collection("users").requestVerification(userEmail), true);
  const token = tokenOf(await nextMail(userEmail));
  // not a password reset token
  await assert.rejects(pb.collection("users").confirmPasswordReset(token, "x-password-9", "x-password-9"), (err) => err.status === 400);
  assert.equal(await pb.collection("users").confirmVerification(token), true);
  const fresh = await su.collection("users").getOne(userId);
  assert.equal(fresh.verified, true);
});

test("password reset invalidates old tokens", async () => {
  const pb = client();
  await pb.collection("users").authWithPassword(userEmail, userPassword);
  const oldToken = pb.authStore.token;

  assert.equal(await client().collection("users").requestPasswordReset(userEmail), true);
  const token = tokenOf(await nextMail(userEmail));
  const newPassword = "second-password-2";
  assert.equal(await client().collection("users").confirmPasswordReset(token, newPassword, newPassword), true);
  // used once only
  await assert.rejects(client().collection("users").confirmPasswordReset(token, newPassword, newPassword), (err) => err.status === 400);

  const stale = client();
  stale.authStore.save(oldToken);
  await assert.rejects(stale.collection("users").authRefresh(), (err) => err.status === 401);
  await assert.rejects(client().collection("users").authWithPassword(userEmail, userPassword), (err) => err.status === 400);
  const ok = await client().collection("users").authWithPassword(userEmail, newPassword);
  assert.equal(ok.record.id, userId);
});

test("settings are masked and updatable; test email is sent", async () => {
  await su.settings.update({ s3: { secret: "s3-secret" }, meta: { appName: "SDK App" } });
  const all = await su.settings.getAll();
  assert.equal(all.meta.appName, "SDK App");
  assert.equal(all.s3.secret, undefined);
  await assert.rejects(su.settings.update({ meta: { senderAddress: "not-an-email" } }), (err) => err.status === 400 && err.response.data.meta.senderAddress.code === "validation_is_email");
  await assert.rejects(client().settings.getAll(), (err) => err.status === 401);

  assert.equal(await su.settings.testEmail("users", "test-to@example.com", "verification"), true);
  const mail = await nextMail("test-to@example.com");
  assert.match(mail.raw, /test-to@example\.com/);
  assert.match(mail.raw, /SDK App/);
});

test("batch commits all or nothing", async () => {
  const pb = client();
  const batch = pb.createBatch();
  batch.collection("sdk_notes").create({ title: "one" });
  batch.collection("sdk_notes").create({ title: "two" });
  const result = await batch.send();
  assert.equal(result.length, 2);
  assert.equal(result[0].status, 200);
  assert.equal(result[1].body.title, "two");

  const failing = pb.createBatch();
  failing.collection("sdk_notes").create({ title: "three" });
  failing.collection("sdk_notes").create({ title: "x" });
  await assert.rejects(failing.send(), (err) => {
    assert.equal(err.status, 400);
    assert.equal(err.response.message, "Batch transaction failed.");
    const item = err.response.data.requests["1"];
    assert.equal(item.code, "batch_request_failed");
    assert.equal(item.response.status, 400);
    return true;
  });
  const list = await pb.collection("sdk_notes").getFullList();
  assert.deepEqual(list.map((r) => r.title).sort(), ["one", "two"]);
});

test("request logs are written and listed", async () => {
  await client().health.check({ query: { marker: "sdk-logs" } });
  let items = [];
  for (let i = 0; i < 40 && items.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 250));
    items = (await su.logs.getList(1, 10, { filter: "data.url ~ '/api/health?marker=sdk-logs'" })).items;
  }
  assert.equal(items.length, 1);
  assert.equal(items[0].data.method, "GET");
  assert.equal(items[0].data.status, 200);
  const one = await su.logs.getOne(items[0].id);
  assert.equal(one.id, items[0].id);
  const stats = await su.logs.getStats();
  assert.ok(stats.length >= 1 && stats[0].total >= 1);
  await assert.rejects(client().logs.getList(), (err) => err.status === 401);
});

test("rate limiter answers 429", async () => {
  await su.settings.update({
    rateLimits: { enabled: true, rules: [{ label: "/api/health", maxRequests: 1, duration: 60, audience: "" }] },
  });
  try {
    const guest = client();
    await guest.health.check();
    await assert.rejects(guest.health.check(), (err) => err.status === 429 && err.response.message === "Too Many Requests.");
  } finally {
    await su.settings.update({ rateLimits: { enabled: false } });
  }
});
