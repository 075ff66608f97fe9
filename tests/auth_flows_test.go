package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
	"github.com/hookbase/hookbase/tests/mailcapture"
)

// authFlowHooks record, through $app.store(), the fields the auth request
// hooks see, and serve them at /test/hooklog for the node tests.
const authFlowHooks = `
function logHook(name, data) {
  const log = $app.store().get("hooklog") || [];
  log.push(Object.assign({ hook: name }, data));
  $app.store().set("hooklog", log);
}
onRecordRequestOTPRequest((e) => {
  logHook("requestOTP", { collection: e.collection.name, email: e.record ? e.record.email() : "", passwordLength: e.password.length });
  e.next();
}, "users");
onRecordAuthWithOTPRequest((e) => {
  logHook("authWithOTP", {
    collection: e.collection.name, email: e.record.email(), otpId: e.otp.id,
    sentTo: e.otp.sentTo(), recordRef: e.otp.recordRef(), collectionRef: e.otp.collectionRef(),
    otpIdByGet: e.otp.get("id"),
  });
  e.next();
}, "users");
onRecordRequestEmailChangeRequest((e) => {
  logHook("requestEmailChange", { collection: e.collection.name, email: e.record.email(), newEmail: e.newEmail });
  e.next();
}, "users");
onRecordConfirmEmailChangeRequest((e) => {
  logHook("confirmEmailChange", { collection: e.collection.name, email: e.record.email(), newEmail: e.newEmail });
  e.next();
}, "users");
onMailerRecordOTPSend((e) => {
  logHook("mailOTP", { to: e.message.to[0].address, otpId: e.meta.otpId, password: e.meta.password });
  e.next();
}, "users");
onMailerRecordAuthAlertSend((e) => {
  logHook("mailAlert", { to: e.message.to[0].address, info: e.meta.info });
  e.next();
}, "users");
routerAdd("GET", "/test/hooklog", (e) => e.json(200, $app.store().get("hooklog") || []));
`

// TestSDKAuthFlows drives the mail templates, the mail throttle, OTP and
// MFA through the official SDK; every mail is captured by a real SMTP server
// on 127.0.0.1 and read back raw.
func TestSDKAuthFlows(t *testing.T) {
	t.Parallel()
	runAuthFlowTests(t, "auth_flows.test.mjs")
}

// TestSDKAuthAccount drives email change, new-device alerts, test emails,
// the auth error codes and rate limits the same way.
func TestSDKAuthAccount(t *testing.T) {
	t.Parallel()
	runAuthFlowTests(t, "auth_account.test.mjs")
}

func runAuthFlowTests(t *testing.T, file string) {
	mails := mailcapture.Start(t)
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"auth_flows.pb.js": authFlowHooks}})
	harness.RunNodeTestsEnv(t, s, mails.Env(), file)
}
