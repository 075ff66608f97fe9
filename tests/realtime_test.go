package tests

import (
	"path/filepath"
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

// TestSDKRealtimeHooks runs the realtime part of pb_hooks_example: a JS
// route pushing a SubscriptionMessage and an onRealtimeSubscribeRequest guard.
func TestSDKRealtimeHooks(t *testing.T) {
	t.Parallel()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{CopyHooksFrom: filepath.Join(root, "pb_hooks_example")})
	harness.RunNodeTests(t, s, "realtime_hooks.test.mjs")
}
