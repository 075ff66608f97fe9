package tests

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/tests/harness"
)

// migrationFiles lists the *.js files of dir, sorted.
func migrationFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".js") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// waitForFiles polls dir until it holds n migration files.
func waitForFiles(t *testing.T, dir string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		files := migrationFiles(t, dir)
		if len(files) >= n || time.Now().After(deadline) {
			return files
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Collection changes through the Web API write replayable migrations that
// are recorded as applied; replaying them elsewhere gives the same schema.
func TestAutomigrateWritesReplayableMigrations(t *testing.T) {
	s := harness.Start(t, harness.Options{Migrations: map[string]string{}})
	token := s.SuperuserToken(t)

	resp, body := s.Do(http.MethodPost, "/api/collections", map[string]any{
		"name": "notes", "type": "base", "listRule": "",
		"fields": []map[string]any{{"type": "text", "name": "title", "required": true}},
	}, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	files := waitForFiles(t, s.MigrationsDir, 1)
	if len(files) != 1 || !regexp.MustCompile(`^\d+_created_notes\.js$`).MatchString(files[0]) {
		t.Fatalf("after create: %v", files)
	}

	// add a field and change a rule; the title field is kept
	var created map[string]any
	_ = json.Unmarshal(body, &created)
	fields := created["fields"].([]any)
	fields = append(fields, map[string]any{"type": "number", "name": "stars", "min": 0})
	resp, body = s.Do(http.MethodPatch, "/api/collections/notes", map[string]any{"viewRule": "", "fields": fields}, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("update: %d %s", resp.StatusCode, body)
	}
	files = waitForFiles(t, s.MigrationsDir, 2)
	if len(files) != 2 || !strings.Contains(files[1], "_updated_notes.js") {
		t.Fatalf("after update: %v", files)
	}
	upd, _ := os.ReadFile(filepath.Join(s.MigrationsDir, files[1]))
	for _, want := range []string{"unmarshal(", `"viewRule": ""`, "collection.fields.addAt(", `"name": "stars"`, "collection.fields.removeById("} {
		if !strings.Contains(string(upd), want) {
			t.Errorf("the updated migration lacks %s:\n%s", want, upd)
		}
	}
	var final map[string]any
	_ = json.Unmarshal(body, &final)

	// a no-op update writes nothing
	resp, _ = s.Do(http.MethodPatch, "/api/collections/notes", map[string]any{}, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("no-op update: %d", resp.StatusCode)
	}

	resp, body = s.Do(http.MethodDelete, "/api/collections/notes", nil, token)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	files = waitForFiles(t, s.MigrationsDir, 3)
	if len(files) != 3 || !strings.Contains(files[2], "_deleted_notes.js") {
		t.Fatalf("after delete: %v", files)
	}

	// all three are recorded as applied: migrate up has nothing to do here
	out, err := s.Command("migrate", "up", "--migrationsDir="+s.MigrationsDir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No new migrations") {
		t.Fatalf("migrate up on the server's data: %v\n%s", err, out)
	}

	// replay created+updated on a fresh data dir: same collection
	dataB, migB := filepath.Join(t.TempDir(), "pb_data"), filepath.Join(t.TempDir(), "pb_migrations")
	if err := os.MkdirAll(migB, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files[:2] {
		raw, _ := os.ReadFile(filepath.Join(s.MigrationsDir, f))
		if err := os.WriteFile(filepath.Join(migB, f), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustMigrate(t, dataB, migB, "up")
	withData(t, dataB, func(app *core.App) {
		c, err := app.FindCollectionByNameOrId("notes")
		if err != nil {
			t.Fatal(err)
		}
		if c.Id != final["id"] || c.ViewRule == nil || *c.ViewRule != "" || c.ListRule == nil {
			t.Errorf("replayed collection: %+v", c)
		}
		if got := strings.Join(c.Fields.FieldNames(), ","); got != "id,title,stars" {
			t.Errorf("replayed fields: %s", got)
		}
	})
	// down of the update removes the field again, down of the create the collection
	mustMigrate(t, dataB, migB, "down")
	withData(t, dataB, func(app *core.App) {
		c, err := app.FindCollectionByNameOrId("notes")
		if err != nil || c.Fields.GetByName("stars") != nil || c.ViewRule != nil {
			t.Errorf("after down of the update: %+v %v", c, err)
		}
	})
	mustMigrate(t, dataB, migB, "down")
	withData(t, dataB, func(app *core.App) {
		if hasCollection(app, "notes") {
			t.Error("notes survived the down of its creation")
		}
	})

	// and with the delete too, the collection ends up gone
	raw, _ := os.ReadFile(filepath.Join(s.MigrationsDir, files[2]))
	if err := os.WriteFile(filepath.Join(migB, files[2]), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	mustMigrate(t, dataB, migB, "up")
	withData(t, dataB, func(app *core.App) {
		if hasCollection(app, "notes") {
			t.Error("the deleted migration did not delete")
		}
	})
}

// --automigrate=false writes nothing.
func TestAutomigrateOff(t *testing.T) {
	s := harness.Start(t, harness.Options{Migrations: map[string]string{}, Args: []string{"--automigrate=false"}})
	resp, body := s.Do(http.MethodPost, "/api/collections", map[string]any{"name": "quiet", "type": "base"}, s.SuperuserToken(t))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	if files := migrationFiles(t, s.MigrationsDir); len(files) != 0 {
		t.Fatalf("files written with automigrate off: %v", files)
	}
}

// Migrations apply at serve start; the serve-time types.d.ts lands in
// pb_data; TypeScript hooks run; a new empty hook file gets the reference.
func TestServeMigrationsTypesAndTypeScriptHooks(t *testing.T) {
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{
		CopyMigrationsFrom: filepath.Join(root, "pb_migrations_example"),
		Hooks: map[string]string{
			"empty.pb.js": "",
			"typed.pb.ts": `interface Greeting { text: string; n: number }

function greet(name: string): Greeting {
  return { text: "hi " + name, n: name.length }
}

routerAdd("GET", "/ts/{name}", (e: core.RequestEvent) => {
  const g: Greeting = greet(e.request.pathValue("name"))
  return e.json(200, g)
})

routerAdd("GET", "/ts-fail", (e: core.RequestEvent) => {
  const n: number = 1
  throw new Error("failed on line 14")
})
`,
		},
		Dev: true,
	})

	resp, body := s.Do(http.MethodGet, "/api/collections/posts/records?filter=published=true", nil, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"totalItems":2`) {
		t.Fatalf("example migrations not applied at serve: %d %s", resp.StatusCode, body)
	}

	resp, body = s.Do(http.MethodGet, "/ts/ada", nil, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"text":"hi ada"`) {
		t.Fatalf("TS hook: %d %s", resp.StatusCode, body)
	}
	resp, body = s.Do(http.MethodGet, "/ts-fail", nil, "")
	if resp.StatusCode < 400 || !(strings.Contains(string(body), "typed.pb.ts:14") || s.WaitForLog("typed.pb.ts:14")) {
		t.Fatalf("the TS error is not mapped to typed.pb.ts:14: %d %s\n%s", resp.StatusCode, body, s.Log())
	}

	empty, _ := os.ReadFile(filepath.Join(s.HooksDir, "empty.pb.js"))
	if !strings.HasPrefix(string(empty), `/// <reference path="../pb_data/types.d.ts" />`) {
		t.Fatalf("empty hook file not given the reference line: %q", empty)
	}
	types, err := os.ReadFile(filepath.Join(s.DataDir, "types.d.ts"))
	if err != nil || !strings.Contains(string(types), "declare function onRecordCreateRequest(") {
		t.Fatalf("pb_data/types.d.ts: %v", err)
	}
}
