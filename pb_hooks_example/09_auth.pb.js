/// <reference path="../pb_data/types.d.ts" />
// Auth hooks: one-time passwords, OAuth2 sign-ups, email changes and the
// auth mails ($mails and the onMailerRecord*Send hooks).

// refuse OTP codes for a blocked domain (the answer for other unknown
// emails stays the same, so the route still tells nothing about accounts)
onRecordRequestOTPRequest((e) => {
  if (e.record && e.record.email().endsWith("@blocked.example")) {
    throw new BadRequestError("OTP sign-in is disabled for this domain.")
  }
  e.next()
}, "users")

// count OTP logins per user in the app store
onRecordAuthWithOTPRequest((e) => {
  e.next()
  const key = "otpLogins_" + e.record.id
  $app.store().set(key, ($app.store().get(key) || 0) + 1)
}, "users")

// a new OAuth2 account gets a display name even when the provider has none
onRecordAuthWithOAuth2Request((e) => {
  if (e.isNewRecord && !e.oauth2User.name && !(e.createData || {}).name) {
    e.createData = Object.assign({}, e.createData, { name: e.oauth2User.username || "New user" })
  }
  e.next()
}, "users")

// only company addresses may become a user's email
onRecordRequestEmailChangeRequest((e) => {
  if (!e.newEmail.endsWith("@example.com")) {
    throw new BadRequestError("Use your example.com address.")
  }
  e.next()
}, "users")

// every OTP mail says how long the code lives
onMailerRecordOTPSend((e) => {
  const minutes = Math.round(e.record.collection().otp.duration / 60)
  e.message.subject += " (valid " + minutes + " min)"
  e.next()
}, "users")

// what a route sees of the auth options and helpers
routerAdd("GET", "/example/auth/options", (e) => {
  const users = $app.findCollectionByNameOrId("users")
  return e.json(200, {
    otp: users.otp.enabled,
    mfa: users.mfa.enabled,
    oauth2Providers: users.oauth2.providers.map((p) => p.name),
    mails: [typeof $mails.sendRecordOTP, typeof $mails.sendRecordAuthAlert, typeof $mails.sendRecordChangeEmail],
  })
})
