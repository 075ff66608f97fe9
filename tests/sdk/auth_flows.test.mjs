// OTP, MFA, email change, auth alerts, mail templates and the mail throttle
// through the official PocketBase JS SDK. Mails are captured by a real SMTP
// server (tests/mailcapture) and read back raw. Run by tests/auth_flows_test.go.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import PocketBase from "pocketbase";
import { nextMail, mailsTo, expectNoMail, rawBody, smtpSettings } from "./mailbox.mjs";

const url = process.env.HOOKBASE_URL;
const suEmail = process.env.HOOKBASE_SU_EMAIL;
const suPassword = process.env.HOOKBASE_SU_PASSWORD;

function client(userAgent) {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  if (userAgent) {
    pb.beforeSend = (u, options) => {
      options.headers = Object.assign({}, options.headers, { "User-Agent": userAgent });
      return { url: u, options };
    };
  }
  return pb;
}

const su = client();
const PASSWORD = "a-good-password-1";

async function createUser(email, extra = {}) {
  return su.collection("users").create(Object.assign({ email, password: PASSWORD, passwordConfirm: PASSWORD }, extra));
}

async function rejectsWith(promise, status, check) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.status, status, JSON.stringify(err.response));
    if (check) check(err.response);
    return true;
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function hookLog(name) {
  const res = await fetch(url + "/test/hooklog");
  return (await res.json()).filter((l) => l.hook === name);
}

function otpOf(mail) {
  const m = mail.html.match(/<strong>(\d+)<\/strong>/);
  assert.ok(m, "no OTP in mail:\n" + mail.html);
  return m[1];
}

function tokenOf(mail, kind) {
  // read from the raw message: the link must survive the transfer encoding
  const m = rawBody(mail).match(new RegExp(`/_/#/auth/${kind}/([\\w-]+\\.[\\w-]+\\.[\\w-]+)"`));
  assert.ok(m, `no ${kind} link on one line in the raw mail:\n` + mail.raw);
  return m[1];
}

before(async () => {
  await su.collection("_superusers").authWithPassword(suEmail, suPassword);
  await su.settings.update({
    smtp: smtpSettings(),
    meta: { appName: "Acme & <Co>", appURL: "http://app.example.test", senderAddress: "noreply@example.test", senderName: "Acme" },
  });
});

test("templates: PocketBase's placeholders, escaped where PocketBase escapes, in its layout, links on one line", async () => {
  const users = await su.collections.getOne("users");
  await su.collections.update("users", {
    verificationTemplate: {
      subject: "Hi {RECORD:name} from {APP_NAME}",
      body:
        '<p>{APP_NAME}|{APP_URL}|{RECORD:name}|{RECORD:email}|{RECORD:verified}|{RECORD:password}|{RECORD:tokenKey}</p>' +
        '<a href="{APP_URL}/_/#/auth/confirm-verification/{TOKEN}">go</a>',
    },
  });
  const email = "tpl@example.com";
  await createUser(email, { name: '<i>Ann & "Bob"</i>' });
  assert.equal(await client().collection("users").requestVerification(email), true);
  const mail = await nextMail(email);

  assert.equal(mail.subject, "Hi &lt;i&gt;Ann &amp; &#34;Bob&#34;&lt;/i&gt; from Acme & <Co>");
  assert.match(mail.html, /^<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD XHTML 1\.0 Strict\/\/EN"/);
  assert.match(mail.html, /<style>[\s\S]*\.btn \{[\s\S]*<\/style>/);
  assert.ok(
    mail.html.includes(
      "<p>Acme & <Co>|http://app.example.test|&lt;i&gt;Ann &amp; &#34;Bob&#34;&lt;/i&gt;|tpl@example.com|false|{RECORD:password}|{RECORD:tokenKey}</p>",
    ),
    mail.html,
  );
  const token = tokenOf(mail, "confirm-verification");
  // a plain text alternative as PocketBase sends it, links as [text](href)
  assert.ok(mail.text.includes(`[go](http://app.example.test/_/#/auth/confirm-verification/${token})`), mail.text);
  assert.match(mail.raw, /Content-Type: multipart\/alternative/);
  assert.equal(await client().collection("users").confirmVerification(token), true);
  assert.equal(mail.from, "noreply@example.test");
  assert.match(mail.raw, /^From: "Acme" <noreply@example\.test>/m);
  await su.collections.update("users", { verificationTemplate: users.verificationTemplate });
});

test("verification and password reset mails are throttled; unknown emails answer the same", async () => {
  const email = "throttle@example.com";
  await createUser(email);
  const pb = client();
  for (let i = 0; i < 3; i++) {
    assert.equal(await pb.collection("users").requestVerification(email), true);
    assert.equal(await pb.collection("users").requestPasswordReset(email), true);
    assert.equal(await pb.collection("users").requestVerification("nobody@example.com"), true);
    assert.equal(await pb.collection("users").requestPasswordReset("nobody@example.com"), true);
  }
  await sleep(1500);
  const mails = await mailsTo(email);
  assert.equal(mails.length, 2, mails.map((m) => m.subject).join("\n"));
  assert.equal(mails.filter((m) => /Verify/.test(m.subject)).length, 1);
  assert.equal(mails.filter((m) => /Reset/.test(m.subject)).length, 1);
  assert.equal((await mailsTo("nobody@example.com")).length, 0);
  const resetToken = tokenOf(mails.find((m) => /Reset/.test(m.subject)), "confirm-password-reset");
  // a used link ends the wait: the next request mails again
  assert.equal(await pb.collection("users").confirmPasswordReset(resetToken, "new-password-22", "new-password-22"), true);
  assert.equal(await pb.collection("users").requestPasswordReset(email), true);
  await sleep(800);
  assert.equal((await mailsTo(email)).filter((m) => /Reset/.test(m.subject)).length, 2);

  // the same answer, byte for byte, for a known and an unknown email
  const known = await fetch(url + "/api/collections/users/request-password-reset", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  const unknown = await fetch(url + "/api/collections/users/request-password-reset", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "nobody2@example.com" }),
  });
  assert.equal(known.status, 204);
  assert.equal(unknown.status, 204);
  assert.equal(await known.text(), await unknown.text());
});

test("OTP: 403 while disabled; request-otp answers the same for unknown emails", async () => {
  const email = "otp1@example.com";
  await createUser(email);
  await rejectsWith(client().collection("users").requestOTP(email), 403, (r) =>
    assert.equal(r.message, "The collection is not configured to allow OTP authentication."),
  );
  await rejectsWith(client().collection("users").authWithOTP("abc", "123"), 403);

  await su.collections.update("users", { otp: { enabled: true, duration: 120, length: 6 } });
  await rejectsWith(client().collection("users").requestOTP("not-an-email"), 400, (r) =>
    assert.equal(r.data.email.code, "validation_is_email"),
  );
  const unknown = await client().collection("users").requestOTP("ghost@example.com");
  const known = await client().collection("users").requestOTP(email);
  assert.deepEqual(Object.keys(unknown), ["otpId"]);
  assert.deepEqual(Object.keys(known), ["otpId"]);
  assert.match(unknown.otpId, /^[a-z0-9]{15}$/);
  assert.match(known.otpId, /^[a-z0-9]{15}$/);
  await expectNoMail("ghost@example.com", 500);
  // the unknown email's otpId is no OTP at all
  await rejectsWith(client().collection("users").authWithOTP(unknown.otpId, "123456"), 400, (r) => {
    assert.equal(r.message, "Invalid or expired OTP.");
    assert.deepEqual(r.data, {});
  });

  const mail = await nextMail(email);
  const code = otpOf(mail);
  assert.equal(code.length, 6);
  assert.match(mail.subject, /OTP for Acme & <Co>/);

  const log = await hookLog("requestOTP");
  assert.ok(log.some((l) => l.email === email && l.passwordLength === 6 && l.collection === "users"));
  assert.ok(log.some((l) => l.email === "" && l.collection === "users"), "the hook also fires for unknown emails");
  const mailLog = await hookLog("mailOTP");
  assert.ok(mailLog.some((l) => l.to === email && l.otpId === known.otpId && l.password === code));
});

test("OTP: a login marks the email verified and the code works once", async () => {
  const email = "otp2@example.com";
  const user = await createUser(email);
  assert.equal(user.verified, false);
  const { otpId } = await client().collection("users").requestOTP(email);
  const code = otpOf(await nextMail(email));

  await rejectsWith(client().collection("users").authWithOTP(otpId, code === "000000" ? "111111" : "000000"), 400);
  await rejectsWith(client().collection("users").authWithOTP(otpId, ""), 400, (r) =>
    assert.equal(r.data.password.code, "validation_required"),
  );
  // not an OTP of this collection
  await rejectsWith(client().collection("_superusers").authWithOTP(otpId, code), 403);

  const pb = client();
  const auth = await pb.collection("users").authWithOTP(otpId, code);
  assert.equal(auth.record.email, email);
  assert.equal(auth.record.verified, true);
  assert.ok(pb.authStore.isValid);
  await rejectsWith(client().collection("users").authWithOTP(otpId, code), 400);

  const log = await hookLog("authWithOTP");
  assert.ok(log.some((l) => l.email === email && l.otpId === otpId));
  // an OTP-only account proven by its mailbox gets a fresh password
  await rejectsWith(client().collection("users").authWithPassword(email, PASSWORD), 400);
});

test("OTP: wrong guesses are limited (429), and request floods reuse the newest OTP", async () => {
  const email = "otp3@example.com";
  await createUser(email);
  const { otpId } = await client().collection("users").requestOTP(email);
  const code = otpOf(await nextMail(email));
  const wrong = code === "999999" ? "888888" : "999999";
  for (let i = 0; i < 5; i++) {
    await rejectsWith(client().collection("users").authWithOTP(otpId, wrong), 400);
  }
  await rejectsWith(client().collection("users").authWithOTP(otpId, code), 429, (r) =>
    assert.equal(r.message, "Too many attempts, please try again later with a new OTP."),
  );

  const flood = "otp4@example.com";
  await createUser(flood);
  const ids = [];
  for (let i = 0; i < 11; i++) {
    ids.push((await client().collection("users").requestOTP(flood)).otpId);
  }
  assert.equal(new Set(ids.slice(0, 10)).size, 10);
  assert.equal(ids[10], ids[9]);
  await sleep(1000);
  assert.equal((await mailsTo(flood)).length, 10);
});

test("MFA: needs two methods; a first factor answers 401 {mfaId}; the second must differ", async () => {
  await rejectsWith(su.collections.update("users", { otp: { enabled: false }, mfa: { enabled: true } }), 400, (r) =>
    assert.equal(r.data.mfa.enabled.code, "validation_mfa_not_enough_auths"),
  );
  await su.collections.update("users", { otp: { enabled: true }, mfa: { enabled: true, duration: 300, rule: "" } });
  const methods = await client().collection("users").listAuthMethods();
  assert.deepEqual(methods.mfa, { enabled: true, duration: 300 });
  assert.equal(methods.otp.enabled, true);

  const email = "mfa1@example.com";
  await createUser(email);
  let mfaId;
  await rejectsWith(client().collection("users").authWithPassword(email, PASSWORD), 401, (r) => {
    assert.deepEqual(Object.keys(r), ["mfaId"]);
    mfaId = r.mfaId;
  });
  const mfas = await su.collection("_mfas").getFullList({ filter: `id = "${mfaId}"` });
  assert.equal(mfas.length, 1);
  assert.equal(mfas[0].method, "password");

  // the same method twice, a bogus id, another record's id
  await rejectsWith(client().collection("users").authWithPassword(email, PASSWORD, { mfaId }), 400, (r) =>
    assert.equal(r.message, "A different authentication method is required."),
  );
  await rejectsWith(client().collection("users").authWithPassword(email, PASSWORD, { mfaId: "bogus000000000" }), 400, (r) =>
    assert.equal(r.message, "Invalid or expired MFA session."),
  );
  const other = "mfa2@example.com";
  await createUser(other);
  const otherOtp = await client().collection("users").requestOTP(other);
  const otherCode = otpOf(await nextMail(other));
  await rejectsWith(client().collection("users").authWithOTP(otherOtp.otpId, otherCode, { mfaId }), 400, (r) =>
    assert.equal(r.message, "Invalid MFA session."),
  );

  // no token was handed out, so nothing can be refreshed or impersonated
  await rejectsWith(client().collection("users").authRefresh(), 401);
  const userPb = client();
  await rejectsWith(userPb.collection("users").impersonate("x", 100), 401);

  const { otpId } = await client().collection("users").requestOTP(email);
  const code = otpOf(await nextMail(email));
  const pb = client();
  const auth = await pb.collection("users").authWithOTP(otpId, code, { mfaId });
  assert.equal(auth.record.email, email);
  assert.ok(pb.authStore.isValid);
  const refreshed = await pb.collection("users").authRefresh();
  assert.equal(refreshed.record.email, email);
  // the MFA session is used up
  assert.equal((await su.collection("_mfas").getFullList({ filter: `id = "${mfaId}"` })).length, 0);
});

test("MFA: the rule picks who needs it", async () => {
  await su.collections.update("users", { mfa: { enabled: true, rule: "email ~ 'strict'" } });
  await createUser("strict@example.com");
  await createUser("relaxed@example.com");
  await rejectsWith(client().collection("users").authWithPassword("strict@example.com", PASSWORD), 401);
  const ok = await client().collection("users").authWithPassword("relaxed@example.com", PASSWORD);
  assert.equal(ok.record.email, "relaxed@example.com");
  await rejectsWith(su.collections.update("users", { mfa: { rule: "nope ~ 1" } }), 400, (r) => assert.ok(r.data.mfa.rule));
  await su.collections.update("users", { mfa: { enabled: false, rule: "" }, otp: { enabled: false } });
});

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
