package tests

import (
	"path/filepath"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// The realistic hooks and migrations that TestTypesCheckRealWorldProjects
// type-checks also run: the migrations apply and the routes answer, so the
// declarations allow what the runtime accepts (e.g. an error class called
// without new).
func TestTypesRealWorldProjectsRun(t *testing.T) {
	t.Parallel()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{
		CopyHooksFrom:      filepath.Join(root, "tests", "ts", "realworld", "pb_hooks"),
		CopyMigrationsFrom: filepath.Join(root, "tests", "ts", "realworld", "pb_migrations"),
	})
	expect(t, s, "GET", "/api/hello/bob", nil, "", 200, `"message":"Hello bob"`)
	expect(t, s, "GET", "/api/members-only", nil, "", 403, `"message":"Members only."`)
	expect(t, s, "GET", "/api/search?q=Hello", nil, "", 200, `"title":"Hello"`)
	expect(t, s, "GET", "/api/collections/leaderboard/records", nil, "", 200)
	expect(t, s, "GET", "/api/collections/post_stats/records", nil, "", 200)
	expect(t, s, "POST", "/api/contact", map[string]any{}, "", 400, "Missing email or message.")
	// app.save(settings) in a migration stores them
	expect(t, s, "GET", "/api/settings", nil, s.SuperuserToken(t), 200, `"appName":"Blog"`, `"maxDays":7`)
}
