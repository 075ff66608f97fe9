package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// TestSDKRealtime drives /api/realtime through the official SDK's realtime
// client: delivery, rules, options, auth changes, deletes and rollbacks.
func TestSDKRealtime(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	harness.RunNodeTests(t, s, "realtime.test.mjs")
}
