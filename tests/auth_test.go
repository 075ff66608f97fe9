package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// TestSDKAuthSettingsLogsBatch drives auth refresh/methods/impersonation,
// verification and password reset emails, settings, request logs, batch
// and the rate limiter of a real hookbase process with the official SDK.
func TestSDKAuthSettingsLogsBatch(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	harness.RunNodeTests(t, s, "auth.test.mjs")
}
