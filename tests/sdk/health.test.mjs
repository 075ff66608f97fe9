// The official PocketBase JS SDK against hookbase: health, superuser
// password auth and error statuses. Run by tests/harness.RunNodeTests, which
// sets HOOKBASE_URL and the superuser credentials.
import { test } from "node:test";
import assert from "node:assert/strict";
import PocketBase from "pocketbase";

const url = process.env.HOOKBASE_URL;
const email = process.env.HOOKBASE_SU_EMAIL;
const password = process.env.HOOKBASE_SU_PASSWORD;
if (!url || !email || !password) {
  throw new Error("HOOKBASE_URL, HOOKBASE_SU_EMAIL and HOOKBASE_SU_PASSWORD must be set (run through go test)");
}

// A fresh client per test: the auth store must not leak between tests, and
// auto-cancellation of duplicate requests would hide concurrent calls.
function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

test("health check answers 200 and the healthy message", async () => {
  const health = await client().health.check();
  assert.equal(health.code, 200);
  assert.equal(health.message, "API is healthy.");
});

test("superuser authWithPassword returns a token and the superuser record", async () => {
  const pb = client();
  const auth = await pb.collection("_superusers").authWithPassword(email, password);
  assert.equal(typeof auth.token, "string");
  assert.ok(auth.token.length > 0, "token is empty");
  assert.equal(auth.record.email, email);
  assert.equal(auth.record.collectionName, "_superusers");
  assert.ok(pb.authStore.isValid, "authStore should hold a valid token");
  assert.ok(pb.authStore.isSuperuser, "authStore should see a superuser");
  assert.equal(pb.authStore.token, auth.token);
});

test("a wrong password rejects with 400 Failed to authenticate.", async () => {
  const pb = client();
  await assert.rejects(
    pb.collection("_superusers").authWithPassword(email, password + "-wrong"),
    (err) => {
      assert.equal(err.status, 400);
      assert.equal(err.response?.message, "Failed to authenticate.");
      return true;
    },
  );
  assert.equal(pb.authStore.isValid, false);
});

test("an unknown collection answers 404", async () => {
  const pb = client();
  await pb.collection("_superusers").authWithPassword(email, password);
  await assert.rejects(pb.collection("hookbase_no_such_collection").getList(1, 1), (err) => {
    assert.equal(err.status, 404);
    assert.equal(typeof err.response?.message, "string");
    return true;
  });
});
