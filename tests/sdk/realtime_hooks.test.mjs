// The SDK's realtime client against a server running pb_hooks_example: a
// JS route pushes a custom SubscriptionMessage to the subscribed clients
// and an onRealtimeSubscribeRequest hook refuses admin/ topics to guests.
// Run by tests/realtime_test.go through the harness.
import { test, before } from "node:test";
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

let su;

function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}

before(async () => {
  su = client();
  await su.collection("_superusers").authWithPassword(email, password);
});

test("a JS route sends a custom message to the clients subscribed to its topic", async () => {
  const listener = client();
  const other = client();
  const got = [];
  const otherGot = [];
  let arrived;
  const done = new Promise((resolve) => { arrived = resolve; });
  await listener.realtime.subscribe("notices", (data) => { got.push(data); arrived(); });
  await other.realtime.subscribe("something-else", (data) => otherGot.push(data));

  const res = await su.send("/example/realtime/notify", { method: "POST", body: { topic: "notices", text: "hello from JS" } });
  assert.equal(res.sent, 1);
  await done;
  assert.equal(got.length, 1);
  assert.equal(got[0].text, "hello from JS");
  assert.equal(typeof got[0].at, "string");
  assert.equal(otherGot.length, 0);
  await listener.realtime.unsubscribe();
  await other.realtime.unsubscribe();
});

test("the notify route is for superusers only", async () => {
  await assert.rejects(client().send("/example/realtime/notify", { method: "POST", body: { text: "x" } }),
    (err) => err.status === 401 || err.status === 403);
});

test("onRealtimeSubscribeRequest refuses admin/ topics to guests, not to superusers", async () => {
  const guest = client();
  await assert.rejects(guest.realtime.subscribe("admin/stats", () => {}), (err) => {
    assert.equal(err.status, 403);
    assert.equal(err.response?.message, "Only superusers can subscribe to admin/ topics.");
    return true;
  });
  await guest.realtime.unsubscribe().catch(() => {});

  const pb = client();
  pb.authStore.save(su.authStore.token, su.authStore.record);
  await pb.realtime.subscribe("admin/stats", () => {});
  assert.equal(pb.realtime.isConnected, true);
  await pb.realtime.unsubscribe();
});
