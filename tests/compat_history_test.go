package tests

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/tests/harness"
)

// TestCompatMigrationHistory applies a migration history written the way
// PocketBase's dashboard writes it — a hand-written collection without ids
// that later files find by its pbc_ id, collection snapshots with field ids,
// unmarshal updates, deleted and renamed fields, rules through relations,
// back-relations and @request.body modifiers, and a full importCollections
// snapshot (system collections included, deleteMissing) — then serves hooks
// that look collections up by pbc_ id, and checks the result over HTTP.
func TestCompatMigrationHistory(t *testing.T) {
	t.Parallel()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, "tests", "testdata", "compat_history")
	base := t.TempDir()
	migDir := filepath.Join(base, "pb_migrations")
	copyDir(t, filepath.Join(src, "pb_migrations"), migDir)
	writeSnapshotMigration(t, filepath.Join(src, "snapshot_collections.json"), filepath.Join(migDir, "1700000500_collections_snapshot.js"))

	s := harness.Start(t, harness.Options{MigrationsDir: migDir, CopyHooksFrom: filepath.Join(src, "pb_hooks")})
	su := s.SuperuserToken(t)
	getJSON := func(path, token string, want int) map[string]any {
		t.Helper()
		resp, raw := s.Do(http.MethodGet, path, nil, token)
		if resp.StatusCode != want {
			t.Fatalf("GET %s: %d, want %d: %s", path, resp.StatusCode, want, raw)
		}
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return out
	}

	// the schema the history leaves behind
	posts := getJSON("/api/collections/pbc_1125843985", su, 200)
	if names := fieldNames(posts); !slices.Equal(names, []string{"id", "headline", "author", "tags", "status", "views", "owner", "summary", "created", "updated"}) {
		t.Errorf("posts fields %v", names)
	}
	if getJSON("/api/collections/comments", su, 200)["id"] != "pbc_533777971" {
		t.Error("comments id")
	}
	users := getJSON("/api/collections/users", su, 200)
	if !slices.Contains(fieldNames(users), "nickname") || users["id"] != "_pb_users_auth_" {
		t.Errorf("users after the snapshot: %v", fieldNames(users))
	}

	// hooks find the collections by their pbc_ ids
	summary := getJSON("/api/e2e/summary", "", 200)
	if got := summary["featured"].([]any); len(got) != 1 || got[0] != "Seeded" {
		t.Errorf("the renamed field lost its data or the relation filter failed: %v", summary)
	}
	if got := summary["commentFields"].([]any); !slices.Contains(got, any("text")) || slices.Contains(got, any("message")) {
		t.Errorf("comment fields %v", got)
	}

	// rules through relations
	list := getJSON("/api/collections/posts/records?expand=author", "", 200)
	items := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["headline"] != "Seeded" {
		t.Fatalf("guest list: %v", list)
	}
	seededId := items[0].(map[string]any)["id"].(string)

	// a user registers, posts (the hook sets status and owner; the create rule
	// refuses a client-set status) and comments
	resp, raw := s.Do(http.MethodPost, "/api/collections/users/records", map[string]any{
		"email": "eve@example.com", "password": "1234567890", "passwordConfirm": "1234567890", "nickname": "eve",
	}, "")
	if resp.StatusCode != 200 {
		t.Fatalf("register: %d %s", resp.StatusCode, raw)
	}
	var auth struct {
		Token  string         `json:"token"`
		Record map[string]any `json:"record"`
	}
	resp, raw = s.Do(http.MethodPost, "/api/collections/users/auth-with-password", map[string]any{"identity": "eve@example.com", "password": "1234567890"}, "")
	if err := json.Unmarshal(raw, &auth); err != nil || resp.StatusCode != 200 {
		t.Fatalf("login: %d %s", resp.StatusCode, raw)
	}
	eveId := auth.Record["id"].(string)
	resp, raw = s.Do(http.MethodPost, "/api/collections/posts/records", map[string]any{"headline": "Mine", "tags": []string{"tech"}, "status": "published"}, auth.Token)
	if resp.StatusCode == 200 {
		t.Errorf("@request.body.status:isset = false let a client set the status: %s", raw)
	}
	resp, raw = s.Do(http.MethodPost, "/api/collections/posts/records", map[string]any{"headline": "Mine", "tags": []string{"tech"}}, auth.Token)
	var mine map[string]any
	if err := json.Unmarshal(raw, &mine); err != nil || resp.StatusCode != 200 || mine["status"] != "draft" || mine["owner"] != eveId {
		t.Fatalf("create own post: %d %s", resp.StatusCode, raw)
	}
	mineId := mine["id"].(string)
	resp, _ = s.Do(http.MethodPatch, "/api/collections/posts/records/"+mineId, map[string]any{"tags": []string{"tech", "banned"}}, auth.Token)
	if resp.StatusCode != 404 {
		t.Errorf("update with a banned tag: %d, want 404", resp.StatusCode)
	}
	resp, raw = s.Do(http.MethodPatch, "/api/collections/posts/records/"+mineId, map[string]any{"tags": []string{"news"}, "views": 3}, auth.Token)
	if resp.StatusCode != 200 {
		t.Errorf("allowed update: %d %s", resp.StatusCode, raw)
	}

	resp, raw = s.Do(http.MethodPost, "/api/collections/comments/records", map[string]any{"post": seededId, "user": eveId, "text": "hello"}, auth.Token)
	if resp.StatusCode != 200 {
		t.Fatalf("comment on a published post: %d %s", resp.StatusCode, raw)
	}
	resp, _ = s.Do(http.MethodPost, "/api/collections/comments/records", map[string]any{"post": mineId, "user": eveId, "text": "draft"}, auth.Token)
	if resp.StatusCode == 200 {
		t.Error("@request.body.post.status let a comment on a draft through")
	}
	comments := getJSON("/api/collections/comments/records?expand=post", "", 200)
	if n := len(comments["items"].([]any)); n != 1 {
		t.Errorf("guest comments %d, want 1", n)
	}
	// the back-relation rule of posts (from the last migration) lets a
	// commenter view a post that is no longer published
	if resp, raw := s.Do(http.MethodPatch, "/api/collections/posts/records/"+seededId, map[string]any{"status": "draft"}, su); resp.StatusCode != 200 {
		t.Fatalf("unpublish: %d %s", resp.StatusCode, raw)
	}
	getJSON("/api/collections/posts/records/"+seededId, "", 404)
	if got := getJSON("/api/collections/posts/records/"+seededId, auth.Token, 200); got["headline"] != "Seeded" {
		t.Errorf("commenter view: %v", got)
	}
}

func fieldNames(collection map[string]any) []string {
	var out []string
	fields, _ := collection["fields"].([]any)
	for _, f := range fields {
		out = append(out, f.(map[string]any)["name"].(string))
	}
	return out
}

// writeSnapshotMigration writes an importCollections(snapshot, true)
// migration as PocketBase's `migrate collections` does, with every
// collection: the system ones as a fresh instance has them (users gains a
// field, as projects do) and the project's from file.
func writeSnapshotMigration(t *testing.T, projectCollections, dst string) {
	t.Helper()
	app := core.New(core.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	all, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	var snapshot []any
	for _, c := range all {
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if c.Name == core.CollectionNameUsers {
			m["fields"] = append(m["fields"].([]any), map[string]any{
				"autogeneratePattern": "", "hidden": false, "id": "text2710109796", "max": 40, "min": 0, "name": "nickname",
				"pattern": "", "presentable": false, "primaryKey": false, "required": false, "system": false, "type": "text",
			})
		}
		snapshot = append(snapshot, m)
	}
	raw, err := os.ReadFile(projectCollections)
	if err != nil {
		t.Fatal(err)
	}
	var project []any
	if err := json.Unmarshal(raw, &project); err != nil {
		t.Fatal(err)
	}
	snapshot = append(snapshot, project...)
	pretty, err := json.MarshalIndent(snapshot, "  ", "  ")
	if err != nil {
		t.Fatal(err)
	}
	js := "/// <reference path=\"../pb_data/types.d.ts\" />\nmigrate((app) => {\n  const snapshot = " + string(pretty) +
		";\n\n  return app.importCollections(snapshot, true);\n}, (app) => {\n  return null;\n})\n"
	if err := os.WriteFile(dst, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
}
