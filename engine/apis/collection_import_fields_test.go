package apis_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// An imported field with the same name and type as an existing field that
// has another id (the collection was created elsewhere) is that field: it
// keeps the existing id and column, and the records keep their values.
func TestCollectionsImportKeepsSameNamedFields(t *testing.T) {
	env := newAuthEnv(t)
	status, body := env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{
		"name": "notes", "fields": []any{map[string]any{"name": "title", "type": "text"}},
	})
	if status != http.StatusOK {
		t.Fatalf("create: %d %v", status, body)
	}
	titleId := fieldByName(t, body, "title")["id"]
	if status, rec := env.do(http.MethodPost, "/api/collections/notes/records", env.suTok, map[string]any{"title": "kept"}); status != http.StatusOK {
		t.Fatalf("record: %d %v", status, rec)
	}

	// merge import (deleteMissing false): a non-system field
	status, body = env.do(http.MethodPut, "/api/collections/import", env.suTok, map[string]any{"collections": []any{
		map[string]any{"name": "notes", "fields": []any{
			map[string]any{"id": "text_elsewhere", "name": "title", "type": "text", "max": 80},
			map[string]any{"id": "number_elsewhere", "name": "score", "type": "number"},
		}},
	}})
	if status != http.StatusNoContent {
		t.Fatalf("import: %d %v", status, body)
	}
	_, notes := env.do(http.MethodGet, "/api/collections/notes", env.suTok, nil)
	title := fieldByName(t, notes, "title")
	if title["id"] != titleId || title["max"] != float64(80) {
		t.Errorf("title after import: %v (want id %v, max 80)", title, titleId)
	}
	if n := countFieldsNamed(notes, "title"); n != 1 {
		t.Errorf("%d title fields", n)
	}
	if fieldByName(t, notes, "score")["id"] != "number_elsewhere" {
		t.Errorf("a new field lost its imported id")
	}
	_, list := env.do(http.MethodGet, "/api/collections/notes/records", env.suTok, nil)
	items, _ := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["title"] != "kept" {
		t.Errorf("records after import: %v", list)
	}

	// snapshot import (deleteMissing true): a system field of users with
	// another id, next to every other collection as they are
	_, all := env.do(http.MethodGet, "/api/collections?perPage=500", env.suTok, nil)
	var collections []any
	for _, item := range all["items"].([]any) {
		c := item.(map[string]any)
		if c["name"] == "users" {
			for _, f := range c["fields"].([]any) {
				if f.(map[string]any)["name"] == "email" {
					f.(map[string]any)["id"] = "email_elsewhere"
				}
			}
		}
		collections = append(collections, c)
	}
	status, body = env.do(http.MethodPut, "/api/collections/import", env.suTok, map[string]any{"collections": collections, "deleteMissing": true})
	if status != http.StatusNoContent {
		t.Fatalf("snapshot import: %d %v", status, body)
	}
	_, users := env.do(http.MethodGet, "/api/collections/users", env.suTok, nil)
	if id := fieldByName(t, users, "email")["id"]; id != "email3885137012" || countFieldsNamed(users, "email") != 1 {
		t.Errorf("users.email id %v after the snapshot import", id)
	}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/auth-with-password", "",
		map[string]any{"identity": "ann@example.com", "password": "1234567890"}); status != http.StatusOK {
		t.Errorf("login after the snapshot import: %d", status)
	}
}

func fieldByName(t *testing.T, collection map[string]any, name string) map[string]any {
	t.Helper()
	fields, _ := collection["fields"].([]any)
	for _, f := range fields {
		if m, _ := f.(map[string]any); m["name"] == name {
			return m
		}
	}
	raw, _ := json.Marshal(collection)
	t.Fatalf("no field %q in %s", name, raw)
	return nil
}

func countFieldsNamed(collection map[string]any, name string) int {
	n := 0
	fields, _ := collection["fields"].([]any)
	for _, f := range fields {
		if m, _ := f.(map[string]any); m["name"] == name {
			n++
		}
	}
	return n
}
