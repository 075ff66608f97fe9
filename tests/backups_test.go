package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/tests/harness"
)

// backupHooks exercise the JS side of backups: $app.createBackup and
// $app.restoreBackup (from inside a route, with the request's context),
// onBackupCreate, and a top-level value that shows which JS generation
// answers.
const backupHooks = `
const loadedAt = Date.now()

routerAdd("GET", "/test/loaded-at", (e) => e.json(200, { loadedAt }))

routerAdd("POST", "/test/js-backup/{name}", (e) => {
  $app.createBackup(new Context(), e.request.pathValue("name"))
  return e.json(200, { last: $app.store().get("lastBackupHook") })
}, $apis.requireSuperuserAuth())

routerAdd("POST", "/test/js-restore/{name}", (e) => {
  $app.restoreBackup(e.request.context(), e.request.pathValue("name"))
  return e.json(200, { restored: true })
}, $apis.requireSuperuserAuth())

onBackupCreate((e) => {
  $app.store().set("lastBackupHook", e.name)
  return e.next()
})
`

func createItems(t *testing.T, s *harness.Server, token string, n int) []string {
	t.Helper()
	resp, body := s.Do(http.MethodPost, "/api/collections", map[string]any{
		"name": "items", "type": "base",
		"listRule": "", "viewRule": "",
		"fields": []map[string]any{{"name": "title", "type": "text"}},
	}, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create collection: %d %s", resp.StatusCode, body)
	}
	ids := make([]string, n)
	for i := range ids {
		resp, body := s.Do(http.MethodPost, "/api/collections/items/records", map[string]any{"title": fmt.Sprintf("old-%d", i)}, token)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("create item: %d %s", resp.StatusCode, body)
		}
		var rec struct{ Id string }
		_ = json.Unmarshal(body, &rec)
		ids[i] = rec.Id
	}
	return ids
}

type itemsPage struct {
	TotalItems int `json:"totalItems"`
	Items      []struct {
		Id    string `json:"id"`
		Title string `json:"title"`
	} `json:"items"`
}

// itemsState names the state a list answer shows: "old" (the backup),
// "new" (the live data before the restore) or "" for anything else.
func itemsState(page itemsPage, n int) string {
	prefix := ""
	switch page.TotalItems {
	case n:
		prefix = "old-"
	case n + 5:
		prefix = "new-"
	default:
		return ""
	}
	for _, it := range page.Items {
		if !strings.HasPrefix(it.Title, prefix) {
			return ""
		}
	}
	return strings.TrimSuffix(prefix, "-")
}

// A restore under read load: every answer shows either the data before or
// the data of the backup (or a 503 while the swap runs), never an error or
// a mix; afterwards the same process serves the restored data and a new JS
// generation.
func TestBackupRestoreUnderReadLoadServesRestoredDataWithoutRestart(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"backups.pb.js": backupHooks}})
	token := s.SuperuserToken(t)
	const n = 20
	ids := createItems(t, s, token, n)

	if resp, body := s.Do(http.MethodPost, "/api/backups", map[string]any{"name": "snap.zip"}, token); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("backup: %d %s", resp.StatusCode, body)
	}
	for i, id := range ids {
		if resp, body := s.Do(http.MethodPatch, "/api/collections/items/records/"+id, map[string]any{"title": fmt.Sprintf("new-%d", i)}, token); resp.StatusCode != http.StatusOK {
			t.Fatalf("update: %d %s", resp.StatusCode, body)
		}
	}
	for i := 0; i < 5; i++ {
		s.Do(http.MethodPost, "/api/collections/items/records", map[string]any{"title": fmt.Sprintf("new-extra-%d", i)}, token)
	}
	_, body := s.Do(http.MethodGet, "/test/loaded-at", nil, "")
	var before struct{ LoadedAt int64 }
	_ = json.Unmarshal(body, &before)

	var (
		stop             atomic.Bool
		wg               sync.WaitGroup
		mu               sync.Mutex
		wrong            []string
		seenOld, seenNew atomic.Int64
		unavailable      atomic.Int64
	)
	fail := func(msg string) {
		mu.Lock()
		if len(wrong) < 10 {
			wrong = append(wrong, msg)
		}
		mu.Unlock()
	}
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				path := "/api/collections/items/records?perPage=100&sort=title"
				if r%2 == 1 {
					path = "/api/collections/items/records/" + ids[i%n]
				}
				resp, body, err := s.Request(ctx, http.MethodGet, path, nil, "")
				cancel()
				switch {
				case err != nil:
					fail(fmt.Sprintf("%s: %v", path, err))
				case resp.StatusCode == http.StatusServiceUnavailable:
					unavailable.Add(1)
				case resp.StatusCode != http.StatusOK:
					fail(fmt.Sprintf("%s: %d %s", path, resp.StatusCode, body))
				case r%2 == 0:
					var page itemsPage
					_ = json.Unmarshal(body, &page)
					switch itemsState(page, n) {
					case "old":
						seenOld.Add(1)
					case "new":
						seenNew.Add(1)
					default:
						fail(fmt.Sprintf("list mixes states: %s", body))
					}
				default:
					var rec struct{ Title string }
					_ = json.Unmarshal(body, &rec)
					want := fmt.Sprintf("-%d", i%n)
					if !strings.HasSuffix(rec.Title, want) || !(strings.HasPrefix(rec.Title, "old-") || strings.HasPrefix(rec.Title, "new-")) {
						fail(fmt.Sprintf("record %s: %s", ids[i%n], body))
					}
				}
			}
		}(r)
	}

	time.Sleep(300 * time.Millisecond)
	restoreStart := time.Now()
	if resp, body := s.Do(http.MethodPost, "/api/backups/snap.zip/restore", nil, token); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("restore: %d %s", resp.StatusCode, body)
	}
	deadline := time.Now().Add(60 * time.Second)
	for seenOld.Load() < 20 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	if len(wrong) > 0 {
		t.Fatalf("wrong answers during the restore:\n%s", strings.Join(wrong, "\n"))
	}
	if seenNew.Load() == 0 || seenOld.Load() < 20 {
		t.Fatalf("the readers saw %d answers of the live data and %d of the restored data", seenNew.Load(), seenOld.Load())
	}
	t.Logf("restore under load: %d answers before, %d after, %d × 503, %s until restored data was served",
		seenNew.Load(), seenOld.Load(), unavailable.Load(), time.Since(restoreStart).Round(time.Millisecond))

	select {
	case <-s.Exited():
		t.Fatal("the server process exited")
	default:
	}
	// a new JS generation answers
	_, body = s.Do(http.MethodGet, "/test/loaded-at", nil, "")
	var after struct{ LoadedAt int64 }
	_ = json.Unmarshal(body, &after)
	if after.LoadedAt <= before.LoadedAt || after.LoadedAt < restoreStart.UnixMilli()-1000 {
		t.Fatalf("the JS generation was not reloaded: loadedAt %d, before %d", after.LoadedAt, before.LoadedAt)
	}
	if !s.WaitForLog("[backup restore] backup snap.zip restored") {
		t.Fatalf("no restore progress in the log:\n%s", s.Log())
	}
	// the restored data takes writes
	if resp, body := s.Do(http.MethodPost, "/api/collections/items/records", map[string]any{"title": "old-after"}, token); resp.StatusCode != http.StatusOK {
		t.Fatalf("write after restore: %d %s", resp.StatusCode, body)
	}
}

// $app.createBackup / $app.restoreBackup from JS routes; the restore is
// called with the route's own request context and does not wait for it.
func TestBackupJSBindings(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"backups.pb.js": backupHooks}})
	token := s.SuperuserToken(t)
	createItems(t, s, token, 3)

	resp, body := s.Do(http.MethodPost, "/test/js-backup/js_made.zip", nil, token)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"last":"js_made.zip"`) {
		t.Fatalf("js backup: %d %s", resp.StatusCode, body)
	}
	_, list := s.Do(http.MethodGet, "/api/backups", nil, token)
	if !strings.Contains(string(list), `"key":"js_made.zip"`) {
		t.Fatalf("list: %s", list)
	}
	s.Do(http.MethodPost, "/api/collections/items/records", map[string]any{"title": "after"}, token)

	resp, body = s.Do(http.MethodPost, "/test/js-restore/js_made.zip", nil, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("js restore: %d %s", resp.StatusCode, body)
	}
	_, body = s.Do(http.MethodGet, "/api/collections/items/records", nil, "")
	var page itemsPage
	_ = json.Unmarshal(body, &page)
	if page.TotalItems != 3 {
		t.Fatalf("after the JS restore: %s", body)
	}
}

// The SDK's pb.backups service end to end.
func TestSDKBackups(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	harness.RunNodeTests(t, s, "backups.test.mjs")
}

// pb_hooks_example/08_backups.pb.js: a route takes a backup with a
// generated name, and the onBackupCreate handler logs it.
func TestBackupsHooksExample(t *testing.T) {
	t.Parallel()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{CopyHooksFrom: filepath.Join(root, "pb_hooks_example")})
	token := s.SuperuserToken(t)
	if resp, _ := s.Do(http.MethodPost, "/example/backups/snapshot", nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("guest: %d", resp.StatusCode)
	}
	resp, body := s.Do(http.MethodPost, "/example/backups/snapshot", nil, token)
	var out struct{ Name string }
	_ = json.Unmarshal(body, &out)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(out.Name, "example_acme_") || !strings.HasSuffix(out.Name, ".zip") {
		t.Fatalf("snapshot: %d %s", resp.StatusCode, body)
	}
	_, list := s.Do(http.MethodGet, "/api/backups", nil, token)
	if !strings.Contains(string(list), `"key":"`+out.Name+`"`) {
		t.Fatalf("list: %s", list)
	}
	if !s.WaitForLog("backup created") || !strings.Contains(s.Log(), out.Name) {
		t.Fatalf("the onBackupCreate handler did not log:\n%s", s.Log())
	}
}

// `migrate up` reports each migration on the console and in _logs.
func TestMigrateUpLogsProgress(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "pb_data")
	migDir := t.TempDir()
	for i, name := range []string{"1700000001_first.js", "1700000002_second.js"} {
		src := fmt.Sprintf("migrate((app) => { app.db().newQuery(\"CREATE TABLE progress_%d (id TEXT)\").execute() })\n", i)
		if err := os.WriteFile(filepath.Join(migDir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := mustMigrate(t, dataDir, migDir, "up")
	for _, want := range []string{"[migrate up] applying 2 migrations", "applying 1/2: 1700000001_first.js", "applying 2/2: 1700000002_second.js", "[migrate up] applied 2 migrations"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the output lacks %q:\n%s", want, out)
		}
	}
	withData(t, dataDir, func(app *core.App) {
		var messages []string
		if err := app.AuxDB().Select("message").From(core.LogsTableName).OrderBy("created").Column(&messages); err != nil {
			t.Fatal(err)
		}
		joined := strings.Join(messages, "\n")
		if !strings.Contains(joined, "applying 2/2: 1700000002_second.js") || !strings.Contains(joined, "applied 2 migrations") {
			t.Fatalf("_logs holds:\n%s", joined)
		}
	})
}
