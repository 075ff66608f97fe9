// Email change, new-device alerts, test emails, auth error codes, rate limits
// and OTP templates through the official PocketBase JS SDK, mails captured by
// a real SMTP server. Run by tests/auth_flows_test.go.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { nextMail, mailsTo, expectNoMail, rawBody } from "./mailbox.mjs";
import { url, suEmail, client, su, PASSWORD, createUser, rejectsWith, sleep, hookLog, otpOf, tokenOf, setup } from "./authkit.mjs";

before(setup);

test("email change: auth required, validated, confirmed with the password, old tokens invalidated", async () => {
  const email = "change@example.com";
  const newEmail = "changed@example.com";
  await createUser(email);
  await createUser("taken@example.com");
  await rejectsWith(client().collection("users").requestEmailChange(newEmail), 401);

  const pb = client();
  await pb.collection("users").authWithPassword(email, PASSWORD);
  const oldToken = pb.authStore.token;
  await rejectsWith(pb.collection("users").requestEmailChange(email), 400, (r) => assert.ok(r.data.newEmail));
  await rejectsWith(pb.collection("users").requestEmailChange("taken@example.com"), 400, (r) =>
    assert.equal(r.data.newEmail.code, "validation_invalid_new_email"),
  );
  await rejectsWith(pb.collection("users").requestEmailChange("bad"), 400, (r) =>
    assert.equal(r.data.newEmail.code, "validation_is_email"),
  );
  // a user token on another collection's route; superusers change their email directly
  await rejectsWith(pb.collection("_superusers").requestEmailChange(newEmail), 403, (r) =>
    assert.equal(r.message, "The request requires auth record from users collection."),
  );
  await rejectsWith(su.collection("_superusers").requestEmailChange("su-new@example.com"), 400, (r) =>
    assert.equal(r.message, "All superusers can change their emails directly."),
  );
  assert.equal(await pb.collection("users").requestEmailChange(newEmail), true);
  const mail = await nextMail(newEmail);
  await expectNoMail(email, 300);
  const token = tokenOf(mail, "confirm-email-change");

  await rejectsWith(client().collection("users").confirmEmailChange(token, "wrong-password"), 400, (r) =>
    assert.equal(r.data.password.code, "validation_invalid_password"),
  );
  await rejectsWith(client().collection("users").confirmEmailChange("x.y.z", PASSWORD), 400, (r) =>
    assert.ok(r.data.token),
  );
  await rejectsWith(client().collection("_superusers").confirmEmailChange(token, PASSWORD), 400);
  assert.equal(await client().collection("users").confirmEmailChange(token, PASSWORD), true);

  const stale = client();
  stale.authStore.save(oldToken);
  await rejectsWith(stale.collection("users").authRefresh(), 401);
  await rejectsWith(client().collection("users").confirmEmailChange(token, PASSWORD), 400);
  const fresh = await client().collection("users").authWithPassword(newEmail, PASSWORD);
  assert.equal(fresh.record.email, newEmail);
  assert.equal(fresh.record.verified, true);

  const req = await hookLog("requestEmailChange");
  assert.ok(req.some((l) => l.email === email && l.newEmail === newEmail && l.collection === "users"));
  const conf = await hookLog("confirmEmailChange");
  assert.ok(conf.some((l) => l.email === email && l.newEmail === newEmail));
});

test("auth alert: mailed for a login from a new device only, and off when disabled", async () => {
  const email = "alert@example.com";
  const user = await createUser(email);
  await client("device-one").collection("users").authWithPassword(email, PASSWORD);
  await client("device-one").collection("users").authWithPassword(email, PASSWORD);
  await expectNoMail(email, 800);
  let origins = await su.collection("_authOrigins").getFullList({ filter: `recordRef = "${user.id}"` });
  assert.equal(origins.length, 1);

  await client('device-two <script>').collection("users").authWithPassword(email, PASSWORD);
  const mail = await nextMail(email);
  assert.equal(mail.subject, "Login from a new location");
  assert.match(mail.html, /device-two &lt;script&gt;/);
  assert.ok(!mail.html.includes("<script>"));
  origins = await su.collection("_authOrigins").getFullList({ filter: `recordRef = "${user.id}"` });
  assert.equal(origins.length, 2);
  const log = await hookLog("mailAlert");
  assert.ok(log.some((l) => l.to === email && /device-two/.test(l.info)));

  // a refresh is no login
  const pb = client("device-three");
  pb.authStore.save((await client("device-one").collection("users").authWithPassword(email, PASSWORD)).token);
  await pb.collection("users").authRefresh();
  await expectNoMail(email, 800);

  await su.collections.update("users", { authAlert: { enabled: false } });
  await client("device-four").collection("users").authWithPassword(email, PASSWORD);
  await expectNoMail(email, 800);
  await su.collections.update("users", { authAlert: { enabled: true } });
});

test("test emails: every template, including otp and login-alert", async () => {
  for (const template of ["verification", "password-reset", "email-change", "otp", "login-alert"]) {
    const to = `test-${template}@example.com`;
    assert.equal(await su.settings.testEmail("users", to, template), true);
    const mail = await nextMail(to);
    assert.match(mail.html, /<!DOCTYPE html/);
  }
});

test("error codes: a token of another collection, a too-short new password", async () => {
  assert.equal(await client().collection("_superusers").requestPasswordReset(suEmail), true);
  const suToken = tokenOf(await nextMail(suEmail), "confirm-password-reset");
  await rejectsWith(client().collection("users").confirmPasswordReset(suToken, "long-enough-1", "long-enough-1"), 400, (r) =>
    assert.equal(r.data.token.code, "validation_token_collection_mismatch"),
  );
  await rejectsWith(client().collection("users").confirmVerification(suToken), 400, (r) =>
    assert.equal(r.data.token.code, "validation_invalid_token"),
  );
  await rejectsWith(client().collection("_superusers").confirmPasswordReset(suToken, "short", "short"), 400, (r) => {
    assert.equal(r.data.password.code, "validation_length_out_of_range");
    assert.deepEqual(r.data.password.params, { min: 8, max: 255 });
  });
  await rejectsWith(client().collection("_superusers").confirmPasswordReset(suToken, "long-enough-1", "other-one-22"), 400, (r) =>
    assert.equal(r.data.passwordConfirm.code, "validation_values_mismatch"),
  );
  await rejectsWith(client().collection("users").confirmVerification("x.y.z"), 400, (r) =>
    assert.equal(r.data.token.code, "validation_invalid_token_claims"),
  );
});

test("rate limits: per-route rules on request-otp and the shared auth rule on auth-with-otp", async () => {
  await su.collections.update("users", { otp: { enabled: true, duration: 120, length: 6 } });
  const email = "limited@example.com";
  await createUser(email);
  await su.settings.update({
    rateLimits: {
      enabled: true,
      rules: [
        { label: "users:requestOTP", maxRequests: 2, duration: 60, audience: "" },
        { label: "*:auth", maxRequests: 1, duration: 60, audience: "" },
      ],
    },
  });
  try {
    const pb = client();
    const { otpId } = await pb.collection("users").requestOTP(email);
    await pb.collection("users").requestOTP(email);
    await rejectsWith(pb.collection("users").requestOTP(email), 429);
    await rejectsWith(pb.collection("users").authWithOTP(otpId, "000000"), 400);
    await rejectsWith(pb.collection("users").authWithOTP(otpId, "000000"), 429);
    await rejectsWith(pb.collection("users").authWithPassword(email, PASSWORD), 429);
  } finally {
    await su.settings.update({ rateLimits: { enabled: false } });
    await su.collections.update("users", { otp: { enabled: false } });
  }
});

test("OTP: the collection's email template, length and {OTP_ID}", async () => {
  await su.collections.update("users", {
    otp: {
      enabled: true,
      duration: 60,
      length: 4,
      emailTemplate: { subject: "Code {OTP} for {APP_NAME}", body: "<p>{OTP}|{OTP_ID}|{RECORD:email}</p>" },
    },
  });
  try {
    const email = "otptpl@example.com";
    await createUser(email);
    const { otpId } = await client().collection("users").requestOTP(email);
    const mail = await nextMail(email);
    const m = mail.subject.match(/^Code (\d{4}) for Acme & <Co>$/);
    assert.ok(m, mail.subject);
    assert.ok(mail.html.includes(`<p>${m[1]}|${otpId}|${email}</p>`), mail.html);
    const auth = await client().collection("users").authWithOTP(otpId, m[1]);
    assert.equal(auth.record.email, email);
    await rejectsWith(su.collections.update("users", { otp: { length: 3 } }), 400, (r) => assert.ok(r.data.otp.length));
    await rejectsWith(su.collections.update("users", { otp: { duration: 5 } }), 400, (r) => assert.ok(r.data.otp.duration));
  } finally {
    const users = await su.collections.getOne("users");
    users.otp.enabled = false;
    users.otp.length = 8;
    users.otp.duration = 180;
    await su.collections.update("users", { otp: users.otp });
  }
});
