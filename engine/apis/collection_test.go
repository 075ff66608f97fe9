package apis_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

func TestCollectionsAuthGuard(t *testing.T) {
	env := newRCEnv(t)
	routes := []struct{ method, path string }{
		{"GET", "/api/collections"}, {"POST", "/api/collections"}, {"GET", "/api/collections/posts"},
		{"PATCH", "/api/collections/posts"}, {"DELETE", "/api/collections/posts"},
		{"DELETE", "/api/collections/posts/truncate"}, {"PUT", "/api/collections/import"},
		{"GET", "/api/collections/meta/scaffolds"}, {"POST", "/api/collections/meta/dry-run-view"},
	}
	for _, r := range routes {
		status, body := env.do(r.method, r.path, "", map[string]any{})
		if status != 401 || jsonPath(body, "message") != "The request requires valid record authorization token." {
			t.Fatalf("guest %s %s: %d %v", r.method, r.path, status, body)
		}
		status, body = env.do(r.method, r.path, env.u1Tok, map[string]any{})
		if status != 403 || jsonPath(body, "message") != "The authorized record is not allowed to perform this action." {
			t.Fatalf("user %s %s: %d %v", r.method, r.path, status, body)
		}
	}
}

func TestCollectionsListViewScaffolds(t *testing.T) {
	env := newRCEnv(t)
	status, body := env.do("GET", "/api/collections?perPage=2&sort=-name&filter="+url.QueryEscape("system = false && type = 'base'"), env.suTok, nil)
	if status != 200 || jsonPath(body, "totalItems") != float64(4) || jsonPath(body, "items.0.name") != "tags" || jsonPath(body, "perPage") != float64(2) {
		t.Fatalf("list: %d %v", status, body)
	}
	status, _ = env.do("GET", "/api/collections?filter="+url.QueryEscape("fields = 1"), env.suTok, nil)
	if status != 400 {
		t.Fatalf("filter on a non-listed field: %d", status)
	}
	status, body = env.do("GET", "/api/collections/users", env.suTok, nil)
	if status != 200 || jsonPath(body, "id") != core.CollectionIdUsers || jsonPath(body, "passwordAuth.enabled") != true {
		t.Fatalf("view: %d %v", status, body)
	}
	status, body = env.do("GET", "/api/collections/nope", env.suTok, nil)
	if status != 404 || jsonPath(body, "message") != "The requested resource wasn't found." {
		t.Fatalf("view missing: %d %v", status, body)
	}
	status, body = env.do("GET", "/api/collections/meta/scaffolds", env.suTok, nil)
	if status != 200 || jsonPath(body, "auth.type") != "auth" || jsonPath(body, "base.id") != "" || jsonPath(body, "view.type") != "view" {
		t.Fatalf("scaffolds: %d %v", status, body)
	}
	if jsonPath(body, "auth.fields.1.name") != "password" {
		t.Fatalf("auth scaffold fields: %v", jsonPath(body, "auth.fields"))
	}
}

func TestCollectionCreateErrors(t *testing.T) {
	env := newRCEnv(t)
	cases := []struct {
		name    string
		body    string
		message string
		path    string
		code    string
	}{
		{"unknown field type", `{"name":"x1","fields":[{"name":"a","type":"nope"}]}`, "Failed to load the submitted data due to invalid formatting.", "", ""},
		{"field option", `{"name":"x2","fields":[{"name":"a","type":"text","max":-1}]}`, "Failed to create collection.", "data.fields.1.max.code", "validation_min_greater_equal_than_required"},
		{"missing name", `{"type":"base"}`, "Failed to create collection.", "data.name.code", "validation_required"},
		{"duplicate name", `{"name":"posts"}`, "Failed to create collection.", "data.name.code", "validation_collection_name_exists"},
		{"malformed", `{"name":`, "Failed to load the collection type data due to invalid formatting.", "", ""},
	}
	for _, tc := range cases {
		status, body := env.doRaw("POST", "/api/collections", env.suTok, tc.body)
		if status != 400 || jsonPath(body, "message") != tc.message {
			t.Fatalf("%s: %d %v", tc.name, status, body)
		}
		if tc.path != "" && jsonPath(body, tc.path) != tc.code {
			t.Fatalf("%s: %s = %v (%v)", tc.name, tc.path, jsonPath(body, tc.path), body)
		}
		if tc.path == "" {
			if data := jsonPath(body, "data").(map[string]any); len(data) != 0 {
				t.Fatalf("%s: data = %v", tc.name, data)
			}
		}
	}
	if _, err := env.app.FindCollectionByNameOrId("x2"); err == nil {
		t.Fatal("an invalid collection was stored")
	}
}

func TestCollectionUpdateDeleteTruncate(t *testing.T) {
	env := newRCEnv(t)
	status, body := env.do("PATCH", "/api/collections/posts", env.suTok, map[string]any{"listRule": nil, "name": "articles"})
	if status != 200 || jsonPath(body, "name") != "articles" || jsonPath(body, "listRule") != nil || jsonPath(body, "viewRule") != "" {
		t.Fatalf("patch: %d %v", status, body)
	}
	if fields := jsonPath(body, "fields").([]any); len(fields) != 10 {
		t.Fatalf("a partial patch must keep the fields: %d", len(fields))
	}
	status, _ = env.do("GET", "/api/collections/articles/records", "", nil)
	if status != 403 {
		t.Fatalf("locked list after patch: %d", status)
	}
	status, body = env.do("PATCH", "/api/collections/articles", env.suTok, map[string]any{"fields": []any{map[string]any{"name": "x", "type": "bogus"}}})
	if status != 400 || jsonPath(body, "message") != "Failed to load the submitted data due to invalid formatting." {
		t.Fatalf("patch bogus field: %d %v", status, body)
	}

	env.createRecord("articles", map[string]any{"title": "a"})
	env.createRecord("articles", map[string]any{"title": "b"})
	status, _ = env.do("DELETE", "/api/collections/articles/truncate", env.suTok, nil)
	if n, _ := env.app.CountRecords("articles"); status != 204 || n != 0 {
		t.Fatalf("truncate: %d, %d left", status, n)
	}

	// tags is referenced by articles.tags
	status, body = env.do("DELETE", "/api/collections/tags", env.suTok, nil)
	if status != 400 || jsonPath(body, "message") != "Failed to delete collection probably due to existing reference in articles." {
		t.Fatalf("delete referenced: %d %v", status, body)
	}
	status, _ = env.do("DELETE", "/api/collections/articles", env.suTok, nil)
	if status != 204 {
		t.Fatalf("delete: %d", status)
	}
	status, _ = env.do("GET", "/api/collections/articles/records", env.suTok, nil)
	if status != 404 {
		t.Fatalf("records of a deleted collection: %d", status)
	}
}

func TestCollectionsImport(t *testing.T) {
	env := newRCEnv(t)
	status, body := env.do("PUT", "/api/collections/import", env.suTok, map[string]any{"collections": []any{}})
	if status != 400 || jsonPath(body, "data.collections.code") != "validation_required" {
		t.Fatalf("empty import: %d %v", status, body)
	}

	// one bad item fails the whole import and changes nothing
	status, body = env.do("PUT", "/api/collections/import", env.suTok, map[string]any{"collections": []any{
		map[string]any{"name": "imp1", "fields": []any{map[string]any{"name": "a", "type": "text"}}},
		map[string]any{"name": "imp2", "fields": []any{map[string]any{"name": "b", "type": "number", "min": 5, "max": 1}}},
	}})
	if status != 400 || jsonPath(body, "data.collections.code") != "validation_collections_import_failure" {
		t.Fatalf("bad import: %d %v", status, body)
	}
	if _, err := env.app.FindCollectionByNameOrId("imp1"); err == nil {
		t.Fatal("a failed import left imp1 behind")
	}

	posts, _ := env.app.FindCollectionByNameOrId("posts")
	status, body = env.do("PUT", "/api/collections/import", env.suTok, map[string]any{"deleteMissing": true, "collections": []any{
		map[string]any{"name": "imp1", "fields": []any{map[string]any{"name": "a", "type": "text"}}},
		map[string]any{"id": posts.Id, "name": "posts", "fields": []any{map[string]any{"name": "title", "type": "text"}}},
	}})
	if status != 204 {
		t.Fatalf("import: %d %v", status, body)
	}
	for name, want := range map[string]bool{"imp1": true, "posts": true, "users": false, "_superusers": true, "locked": false, "tags": false, "owned": false} {
		_, err := env.app.FindCollectionByNameOrId(name)
		if (err == nil) != want {
			t.Fatalf("after import %s exists=%v, want %v", name, err == nil, want)
		}
	}
	posts, _ = env.app.FindCollectionByNameOrId("posts")
	if posts.Fields.GetByName("n") != nil || posts.Fields.GetByName("title") == nil {
		t.Fatalf("deleteMissing should drop missing fields: %v", posts.Fields.FieldNames())
	}
}

func TestCollectionDryRunView(t *testing.T) {
	env := newRCEnv(t)
	env.createRecord("posts", map[string]any{"title": "v1", "n": 3})
	before := len(env.app.CachedCollections())
	status, body := env.do("POST", "/api/collections/meta/dry-run-view", env.suTok, map[string]any{"query": "SELECT id, title, n FROM posts"})
	if status != 200 || jsonPath(body, "0.title") != "v1" {
		t.Fatalf("dry run: %d %v", status, body)
	}
	status, body = env.do("POST", "/api/collections/meta/dry-run-view", env.suTok, map[string]any{"query": "DELETE FROM posts"})
	if status != 400 {
		t.Fatalf("dry run write: %d %v", status, body)
	}
	if n, _ := env.app.CountRecords("posts"); n != 1 {
		t.Fatalf("dry run changed data: %d", n)
	}
	if len(env.app.CachedCollections()) != before {
		t.Fatalf("dry run left a collection: %d", len(env.app.CachedCollections()))
	}
	status, _ = env.do(http.MethodPost, "/api/collections/meta/dry-run-view", env.suTok, map[string]any{})
	if status != 400 {
		t.Fatalf("dry run without query: %d", status)
	}
}
