package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
	"github.com/hookbase/hookbase/tests/mailcapture"
)

// TestSDKAuthSettingsLogsBatch drives auth refresh/methods/impersonation,
// verification and password reset emails, settings, request logs, batch
// and the rate limiter of a real hookbase process with the official SDK.
func TestSDKAuthSettingsLogsBatch(t *testing.T) {
	t.Parallel()
	mails := mailcapture.Start(t)
	s := harness.Start(t, harness.Options{})
	harness.RunNodeTestsEnv(t, s, mails.Env(), "auth.test.mjs")
}
