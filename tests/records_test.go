package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// TestSDKRecords drives the records API through the official SDK: CRUD,
// list options, rule statuses, expand, fields, modifiers and auth records.
func TestSDKRecords(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	harness.RunNodeTests(t, s, "records.test.mjs")
}

// TestSDKCollections drives the superuser collections API through the SDK.
func TestSDKCollections(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	harness.RunNodeTests(t, s, "collections.test.mjs")
}
