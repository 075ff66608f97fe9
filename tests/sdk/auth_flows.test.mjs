// Mail templates, the mail throttle, OTP and MFA through the official
// PocketBase JS SDK. Mails are captured by a real SMTP server
// (tests/mailcapture) and read back raw. Run by tests/auth_flows_test.go.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { nextMail, mailsTo, settledMailsTo, expectNoMail, rawBody } from "./mailbox.mjs";
import { url, suEmail, client, su, PASSWORD, createUser, rejectsWith, sleep, hookLog, otpOf, tokenOf, setup } from "./authkit.mjs";

before(setup);

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
  const mails = await settledMailsTo(email, 2);
  assert.equal(mails.length, 2, mails.map((m) => m.subject).join("\n"));
  assert.equal(mails.filter((m) => /Verify/.test(m.subject)).length, 1);
  assert.equal(mails.filter((m) => /Reset/.test(m.subject)).length, 1);
  assert.equal((await mailsTo("nobody@example.com")).length, 0);
  const resetToken = tokenOf(mails.find((m) => /Reset/.test(m.subject)), "confirm-password-reset");
  // a used link ends the wait: the next request mails again
  assert.equal(await pb.collection("users").confirmPasswordReset(resetToken, "new-password-22", "new-password-22"), true);
  assert.equal(await pb.collection("users").requestPasswordReset(email), true);
  assert.equal((await settledMailsTo(email, 3)).filter((m) => /Reset/.test(m.subject)).length, 2);

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
  assert.ok(
    log.some((l) => l.email === email && l.otpId === otpId && l.otpIdByGet === otpId && l.sentTo === email &&
      l.recordRef === user.id && l.collectionRef === user.collectionId),
    JSON.stringify(log),
  );
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
  assert.equal((await settledMailsTo(flood, 10)).length, 10);
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
