// Reads the mails captured by tests/mailcapture (a real SMTP server the Go
// test starts on 127.0.0.1) through its HTTP inbox.
const base = process.env.HOOKBASE_MAIL_URL;

export const smtpSettings = () => ({
  enabled: true,
  host: process.env.HOOKBASE_SMTP_HOST,
  port: Number(process.env.HOOKBASE_SMTP_PORT),
});

if (!base || !process.env.HOOKBASE_SMTP_PORT) {
  throw new Error("HOOKBASE_MAIL_URL and HOOKBASE_SMTP_PORT must be set (run through go test)");
}

// nextMail waits for the next unread mail to `to` ({raw, html, text, subject, to, from}).
export async function nextMail(to, timeoutMs = 10000) {
  const res = await fetch(`${base}/next?to=${encodeURIComponent(to)}&timeout=${timeoutMs}`);
  if (res.status !== 200) throw new Error(`no mail to ${to} within ${timeoutMs}ms`);
  return res.json();
}

// mailsTo lists every mail captured for `to`, read or not.
export async function mailsTo(to) {
  const res = await fetch(`${base}/messages?to=${encodeURIComponent(to)}`);
  return res.json();
}

// noMail asserts that nothing arrives for `to` within ms.
export async function expectNoMail(to, ms = 1500) {
  const res = await fetch(`${base}/next?to=${encodeURIComponent(to)}&timeout=${ms}`);
  if (res.status === 200) {
    const m = await res.json();
    throw new Error(`unexpected mail to ${to}: ${m.subject}`);
  }
}

// rawBody is the message as it travelled, with the headers cut off.
export function rawBody(mail) {
  const i = mail.raw.indexOf("\r\n\r\n");
  return i >= 0 ? mail.raw.slice(i + 4) : mail.raw;
}

// settledMailsTo waits until at least `count` mails to `to` arrived (mails
// are sent in the background), then a little longer so that an extra one
// would show, and returns them all.
export async function settledMailsTo(to, count, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let list = await mailsTo(to);
  while (list.length < count && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    list = await mailsTo(to);
  }
  await new Promise((r) => setTimeout(r, 500));
  return mailsTo(to);
}
