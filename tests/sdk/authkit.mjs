// Shared helpers of the auth flow SDK tests (auth_flows*.test.mjs): clients,
// users, error checks, the hook log route and reading codes from mails.
import assert from "node:assert/strict";
import PocketBase from "pocketbase";
import { rawBody, smtpSettings } from "./mailbox.mjs";

export const url = process.env.HOOKBASE_URL;
export const suEmail = process.env.HOOKBASE_SU_EMAIL;
export const suPassword = process.env.HOOKBASE_SU_PASSWORD;

export function client(userAgent) {
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

export const su = client();
export const PASSWORD = "a-good-password-1";

export async function createUser(email, extra = {}) {
  return su.collection("users").create(Object.assign({ email, password: PASSWORD, passwordConfirm: PASSWORD }, extra));
}

export async function rejectsWith(promise, status, check) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.status, status, JSON.stringify(err.response));
    if (check) check(err.response);
    return true;
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function hookLog(name) {
  const res = await fetch(url + "/test/hooklog");
  return (await res.json()).filter((l) => l.hook === name);
}

export function otpOf(mail) {
  const m = mail.html.match(/<strong>(\d+)<\/strong>/);
  assert.ok(m, "no OTP in mail:\n" + mail.html);
  return m[1];
}

export function tokenOf(mail, kind) {
  // read from the raw message: the link must survive the transfer encoding
  const m = rawBody(mail).match(new RegExp(`/_/#/auth/${kind}/([\\w-]+\\.[\\w-]+\\.[\\w-]+)"`));
  assert.ok(m, `no ${kind} link on one line in the raw mail:\n` + mail.raw);
  return m[1];
}

// setup signs the superuser in and points the mail settings at the capture server.
export async function setup() {
  await su.collection("_superusers").authWithPassword(suEmail, suPassword);
  await su.settings.update({
    smtp: smtpSettings(),
    meta: { appName: "Acme & <Co>", appURL: "http://app.example.test", senderAddress: "noreply@example.test", senderName: "Acme" },
  });
}
