package tests

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/tests/harness"
)

// migrateCLI runs `hookbase migrate args…` on dataDir/migDir and returns its
// combined output and error.
func migrateCLI(t *testing.T, dataDir, migDir string, args ...string) (string, error) {
	t.Helper()
	args = append([]string{"migrate"}, args...)
	args = append(args, "--dir="+dataDir, "--migrationsDir="+migDir)
	out, err := exec.Command(harness.Binary(t), args...).CombinedOutput()
	return string(out), err
}

func mustMigrate(t *testing.T, dataDir, migDir string, args ...string) string {
	t.Helper()
	out, err := migrateCLI(t, dataDir, migDir, args...)
	if err != nil {
		t.Fatalf("migrate %v: %v\n%s", args, err, out)
	}
	return out
}

// openData opens a data dir in-process (no server may be writing to it
// meanwhile) to inspect what the CLI did.
func openData(t *testing.T, dataDir string) *core.App {
	t.Helper()
	app := core.New(core.Config{DataDir: dataDir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap %s: %v", dataDir, err)
	}
	t.Cleanup(func() { _ = app.ResetBootstrapState() })
	return app
}

func withData(t *testing.T, dataDir string, fn func(app *core.App)) {
	t.Helper()
	app := openData(t, dataDir)
	fn(app)
	if err := app.ResetBootstrapState(); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func exampleMigrations(t *testing.T) string {
	t.Helper()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pb_migrations")
	copyDir(t, filepath.Join(root, "pb_migrations_example"), dir)
	return dir
}

func appliedFiles(t *testing.T, app *core.App) []string {
	t.Helper()
	applied, err := app.AppliedMigrations()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for f := range applied {
		if !systemFiles()[f] {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

func systemFiles() map[string]bool {
	out := map[string]bool{}
	for _, m := range core.SystemMigrations.Items() {
		out[m.File] = true
	}
	return out
}

func hasCollection(app *core.App, name string) bool {
	_, err := app.FindCollectionByNameOrId(name)
	return err == nil
}

// The examples apply (every collection type, every field type, indexes,
// seeds, a TS migration), roll back completely and apply again.
func TestMigrationsApplyRollbackReapply(t *testing.T) {
	dataDir, migDir := filepath.Join(t.TempDir(), "pb_data"), exampleMigrations(t)

	out := mustMigrate(t, dataDir, migDir, "up")
	for _, f := range []string{"1700000100_create_authors.js", "1700000400_seed_posts.js", "1700000500_update_posts.ts"} {
		if !strings.Contains(out, "Applied "+f) {
			t.Fatalf("up did not apply %s:\n%s", f, out)
		}
	}
	check := func(app *core.App) {
		t.Helper()
		for name, typ := range map[string]string{"authors": "auth", "posts": "base", "post_stats": "view"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil || c.Type != typ {
				t.Fatalf("collection %s: %v %+v", name, err, c)
			}
		}
		posts, _ := app.FindCollectionByNameOrId("posts")
		seen := map[string]bool{}
		for _, f := range posts.Fields {
			seen[f.Type()] = true
		}
		for typ := range core.FieldFactories {
			if !seen[typ] {
				t.Errorf("posts has no %s field", typ)
			}
		}
		if posts.Fields.GetByName("summary") == nil || posts.Fields.GetByName("source") != nil {
			t.Errorf("the TS migration's field changes are missing: %v", posts.Fields.FieldNames())
		}
		indexes, err := app.TableIndexes("posts")
		if err != nil || indexes["idx_posts_slug"] == "" {
			t.Errorf("idx_posts_slug missing: %v %v", indexes, err)
		}
		n, err := app.CountRecordsByFilter("posts", "published = true")
		if err != nil || n != 2 {
			t.Errorf("published seeded posts: %d %v", n, err)
		}
		stats, err := app.FindRecordsByFilter("post_stats", "", "", 0, 0)
		if err != nil || len(stats) != 1 {
			t.Fatalf("post_stats view: %v %v", stats, err)
		}
		if total, _ := json.Marshal(stats[0].Get("total")); string(total) != "3" {
			t.Errorf("post_stats total: %s", total)
		}
		if got := appliedFiles(t, app); len(got) != 5 {
			t.Errorf("history: %v", got)
		}
	}
	withData(t, dataDir, check)

	if out := mustMigrate(t, dataDir, migDir, "up"); !strings.Contains(out, "No new migrations") {
		t.Fatalf("second up applied again:\n%s", out)
	}

	out = mustMigrate(t, dataDir, migDir, "down")
	if strings.TrimSpace(out) != "Reverted 1700000500_update_posts.ts" {
		t.Fatalf("down reverts the last one only:\n%s", out)
	}
	withData(t, dataDir, func(app *core.App) {
		posts, _ := app.FindCollectionByNameOrId("posts")
		if posts.Fields.GetByName("summary") != nil || posts.Fields.GetByName("source") == nil {
			t.Errorf("the TS down did not revert: %v", posts.Fields.FieldNames())
		}
	})

	mustMigrate(t, dataDir, migDir, "down", "4")
	withData(t, dataDir, func(app *core.App) {
		for _, name := range []string{"authors", "posts", "post_stats"} {
			if hasCollection(app, name) {
				t.Errorf("%s survived down", name)
			}
		}
		if got := appliedFiles(t, app); len(got) != 0 {
			t.Errorf("history after down: %v", got)
		}
		if !hasCollection(app, core.CollectionNameSuperusers) {
			t.Error("down reverted a system migration")
		}
	})

	mustMigrate(t, dataDir, migDir, "up")
	withData(t, dataDir, check)
}

// A throwing migration rolls back every pending one and names file:line.
func TestMigrationFailureRollsBackEverything(t *testing.T) {
	dataDir, migDir := filepath.Join(t.TempDir(), "pb_data"), filepath.Join(t.TempDir(), "pb_migrations")
	files := map[string]string{
		"1_ok.js": `migrate((app) => {
  app.save(new Collection({ name: "first", fields: [{ type: "text", name: "a" }] }))
})`,
		"2_bad.js": `// fails after changing the schema
migrate((app) => {
  app.save(new Collection({ name: "second" }))
  app.findCollectionByNameOrId("missing_collection")
})`,
	}
	if err := os.MkdirAll(migDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(migDir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := migrateCLI(t, dataDir, migDir, "up")
	if err == nil {
		t.Fatalf("up succeeded:\n%s", out)
	}
	if !regexp.MustCompile(`2_bad\.js:4:\d+`).MatchString(out) {
		t.Fatalf("error does not name 2_bad.js:4:\n%s", out)
	}
	withData(t, dataDir, func(app *core.App) {
		if hasCollection(app, "first") || hasCollection(app, "second") {
			t.Error("the failed batch was not rolled back")
		}
		if got := appliedFiles(t, app); len(got) != 0 {
			t.Errorf("history after failure: %v", got)
		}
	})

	// a syntax error in a TS migration is reported before anything runs
	if err := os.WriteFile(filepath.Join(migDir, "2_bad.js"), []byte("migrate(() => {})\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(migDir, "3_broken.ts"), []byte("const a: number = 1\nlet b = (a +\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = migrateCLI(t, dataDir, migDir, "up")
	if err == nil || !strings.Contains(out, "3_broken.ts:3:") {
		t.Fatalf("TS syntax error not located (err %v):\n%s", err, out)
	}
	withData(t, dataDir, func(app *core.App) {
		if hasCollection(app, "first") {
			t.Error("a migration ran although a later file does not compile")
		}
	})
}

func TestMigrateCreate(t *testing.T) {
	dataDir, migDir := filepath.Join(t.TempDir(), "pb_data"), filepath.Join(t.TempDir(), "pb_migrations")
	out := mustMigrate(t, dataDir, migDir, "create", "Add tags!")
	entries, _ := os.ReadDir(migDir)
	if len(entries) != 1 || !regexp.MustCompile(`^\d{10}_add_tags\.js$`).MatchString(entries[0].Name()) {
		t.Fatalf("created %v (%s)", entries, out)
	}
	raw, _ := os.ReadFile(filepath.Join(migDir, entries[0].Name()))
	if !strings.HasPrefix(string(raw), `/// <reference path="../pb_data/types.d.ts" />`) || !strings.Contains(string(raw), "migrate((app) => {") {
		t.Fatalf("template:\n%s", raw)
	}
	if out := mustMigrate(t, dataDir, migDir, "up"); !strings.Contains(out, "Applied "+entries[0].Name()) {
		t.Fatalf("the blank migration did not apply:\n%s", out)
	}
	if out := mustMigrate(t, dataDir, migDir, "down"); !strings.Contains(out, "Reverted "+entries[0].Name()) {
		t.Fatalf("the blank migration did not revert:\n%s", out)
	}
}

// collectionsState is the comparable part of the user collections.
func collectionsState(t *testing.T, app *core.App) map[string]string {
	t.Helper()
	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range all {
		if c.System {
			continue
		}
		var m map[string]any
		raw, _ := json.Marshal(c)
		_ = json.Unmarshal(raw, &m)
		delete(m, "created")
		delete(m, "updated")
		norm, _ := json.Marshal(m)
		out[c.Name] = string(norm)
	}
	return out
}

// `migrate collections` writes a snapshot that recreates the same
// collections on an empty data dir.
func TestMigrateCollectionsSnapshotRoundTrip(t *testing.T) {
	dataA, migA := filepath.Join(t.TempDir(), "pb_data"), exampleMigrations(t)
	mustMigrate(t, dataA, migA, "up")
	before, _ := os.ReadDir(migA)
	mustMigrate(t, dataA, migA, "collections")
	after, _ := os.ReadDir(migA)
	var snapshot string
	for _, e := range after {
		if strings.HasSuffix(e.Name(), "_collections_snapshot.js") {
			snapshot = e.Name()
		}
	}
	if snapshot == "" || len(after) != len(before)+1 {
		t.Fatalf("no snapshot file written: %v", after)
	}
	raw, _ := os.ReadFile(filepath.Join(migA, snapshot))
	if !strings.Contains(string(raw), "app.importCollections(snapshot, false)") {
		t.Fatalf("snapshot body:\n%s", raw)
	}
	var want map[string]string
	withData(t, dataA, func(app *core.App) { want = collectionsState(t, app) })

	dataB, migB := filepath.Join(t.TempDir(), "pb_data"), filepath.Join(t.TempDir(), "pb_migrations")
	if err := os.MkdirAll(migB, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(migB, snapshot), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	mustMigrate(t, dataB, migB, "up")
	withData(t, dataB, func(app *core.App) {
		got := collectionsState(t, app)
		for name, w := range want {
			if got[name] != w {
				t.Errorf("collection %s differs after the snapshot:\nwant %s\ngot  %s", name, w, got[name])
			}
		}
		if len(got) != len(want) {
			t.Errorf("collections: want %d, got %d", len(want), len(got))
		}
	})

	// on the original dir the snapshot is a no-op that is recorded
	if out := mustMigrate(t, dataA, migA, "up"); !strings.Contains(out, "Applied "+snapshot) {
		t.Fatalf("snapshot on its own source:\n%s", out)
	}
}

func TestMigrateHistorySync(t *testing.T) {
	dataDir, migDir := filepath.Join(t.TempDir(), "pb_data"), exampleMigrations(t)
	mustMigrate(t, dataDir, migDir, "up")
	if err := os.Remove(filepath.Join(migDir, "1700000500_update_posts.ts")); err != nil {
		t.Fatal(err)
	}
	out := mustMigrate(t, dataDir, migDir, "history-sync")
	if !strings.Contains(out, "Removed 1700000500_update_posts.ts") {
		t.Fatalf("history-sync:\n%s", out)
	}
	withData(t, dataDir, func(app *core.App) {
		got := appliedFiles(t, app)
		if len(got) != 4 || !hasCollection(app, core.CollectionNameSuperusers) {
			t.Fatalf("history after sync: %v", got)
		}
	})
	// down now starts from the newest file that still exists
	if out := mustMigrate(t, dataDir, migDir, "down"); !strings.Contains(out, "Reverted 1700000400_seed_posts.js") {
		t.Fatalf("down after sync:\n%s", out)
	}
}
