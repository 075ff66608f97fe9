package tests

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/tests/harness"
)

// A migration that saves a collection with a rule naming an unknown field
// fails, naming the rule and the migration's file:line, and applies nothing.
func TestMigrationWithInvalidRuleFails(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dataDir := filepath.Join(base, "pb_data")
	migDir := writeDir(t, filepath.Join(base, "pb_migrations"), map[string]string{
		"1700000000_bad_rule.js": `/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const c = new Collection({
    type: "base",
    name: "posts",
    fields: [{ type: "text", name: "title" }],
  })
  c.listRule = "title != '' && body != ''"
  app.save(c)
}, (app) => {})
`,
	})
	out, err := exec.Command(harness.Binary(t), "migrate", "up", "--dir="+dataDir, "--migrationsDir="+migDir).CombinedOutput()
	if err == nil {
		t.Fatalf("migrate up succeeded:\n%s", out)
	}
	for _, want := range []string{"1700000000_bad_rule.js:9:", "listRule", `"body"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	withData(t, dataDir, func(app *core.App) {
		if hasCollection(app, "posts") {
			t.Error("the collection was created")
		}
	})
}
