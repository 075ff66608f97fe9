package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/tests/harness"
)

// cliHook creates a collection at bootstrap (as projects do for collections
// their migrations then use) and changes the records saved into it, so a
// run shows whether onBootstrap and model hooks fired.
const cliHook = `
onBootstrap((e) => {
  e.next()
  try {
    $app.findCollectionByNameOrId("from_hook")
  } catch (_) {
    $app.save(new Collection({ type: "base", name: "from_hook", fields: [{ type: "text", name: "title" }] }))
  }
})

onRecordCreate((e) => {
  e.record.set("title", e.record.get("title") + " (hooked)")
  e.next()
}, "from_hook")
`

const cliMigrationUsingHook = `
migrate((app) => {
  const c = app.findCollectionByNameOrId("from_hook")
  app.save(new Record(c, { title: "seeded" }))
}, (app) => {
  const c = app.findCollectionByNameOrId("from_hook")
  for (const r of app.findAllRecords(c)) app.delete(r)
})
`

func writeDir(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(harness.Binary(t), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("hookbase %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// `migrate up` loads pb_hooks first: the onBootstrap hook creates the
// collection the migration uses, and the model hook changes the record the
// migration saves — as with PocketBase.
func TestCLIMigrateUpRunsHooks(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dataDir := filepath.Join(base, "pb_data")
	hooksDir := writeDir(t, filepath.Join(base, "custom_hooks"), map[string]string{"main.pb.js": cliHook})
	migDir := writeDir(t, filepath.Join(base, "custom_migrations"), map[string]string{"1700000000_seed.js": cliMigrationUsingHook})

	out := runCLI(t, "migrate", "up", "--dir="+dataDir, "--hooksDir="+hooksDir, "--migrationsDir="+migDir)
	if !strings.Contains(out, "Applied 1700000000_seed.js") {
		t.Fatalf("migrate up output: %s", out)
	}
	withData(t, dataDir, func(app *core.App) {
		c, err := app.FindCollectionByNameOrId("from_hook")
		if err != nil {
			t.Fatalf("the onBootstrap hook did not run: %v", err)
		}
		records, err := app.FindAllRecords(c)
		if err != nil || len(records) != 1 {
			t.Fatalf("records %v %v", records, err)
		}
		if got := records[0].GetString("title"); got != "seeded (hooked)" {
			t.Errorf("title %q: the model hook did not fire during the migration", got)
		}
	})
}

// The JS flags are accepted by every command (scripts pass them to all of
// them), and the commands other than serve load pb_hooks too.
func TestCLIJSFlagsOnEveryCommand(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dataDir := filepath.Join(base, "pb_data")
	hooksDir := writeDir(t, filepath.Join(base, "hooks_elsewhere"), map[string]string{"main.pb.js": cliHook})
	migDir := writeDir(t, filepath.Join(base, "migrations_elsewhere"), nil)
	common := []string{"--dir=" + dataDir, "--hooksDir=" + hooksDir, "--hooksWatch=false", "--hooksPool=3",
		"--hooksTimeout=10", "--migrationsDir=" + migDir, "--automigrate=false", "--queryTimeout=20"}

	commands := [][]string{
		{"superuser", "upsert", "ops@example.com", "pass-1234567890"},
		{"superuser", "create", "ops2@example.com", "pass-1234567890"},
		{"superuser", "update", "ops2@example.com", "pass-0987654321"},
		{"superuser", "delete", "ops2@example.com"},
		{"migrate", "create", "blank"},
		{"migrate", "up"},
		{"migrate", "collections"},
		{"migrate", "history-sync"},
		{"migrate", "down", "1"},
	}
	for i, args := range commands {
		runCLI(t, append(args, common...)...)
		if i == 0 {
			// the first command ran the hooks of --hooksDir
			withData(t, dataDir, func(app *core.App) {
				if _, err := app.FindCollectionByNameOrId("from_hook"); err != nil {
					t.Fatalf("superuser upsert --hooksDir did not load the hooks: %v", err)
				}
			})
		}
	}
	// the flags also come before the command, as cobra allows for root flags
	runCLI(t, append([]string{"--hooksDir=" + hooksDir, "--dir=" + dataDir}, "migrate", "up")...)
}
