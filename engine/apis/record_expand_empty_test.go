package apis_test

import (
	"net/http"
	"testing"
)

// A record whose expanded relation is empty answers "expand": {}, as
// PocketBase does; without ?expand there is no key at all.
func TestExpandOfEmptyRelationIsEmptyObject(t *testing.T) {
	env := newAuthEnv(t)
	status, docs := env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{
		"name": "docs", "listRule": "", "viewRule": "", "fields": []any{map[string]any{"name": "title", "type": "text"}},
	})
	if status != http.StatusOK {
		t.Fatalf("create: %d %v", status, docs)
	}
	fields := append(docs["fields"].([]any), map[string]any{"name": "parent", "type": "relation", "collectionId": docs["id"], "maxSelect": 1})
	if status, out := env.do(http.MethodPatch, "/api/collections/docs", env.suTok, map[string]any{"fields": fields}); status != http.StatusOK {
		t.Fatalf("add parent: %d %v", status, out)
	}
	create := func(body map[string]any) string {
		_, out := env.do(http.MethodPost, "/api/collections/docs/records", env.suTok, body)
		return out["id"].(string)
	}
	root := create(map[string]any{"title": "root"})
	child := create(map[string]any{"title": "child", "parent": root})

	view := func(id, query string) map[string]any {
		t.Helper()
		status, out := env.do(http.MethodGet, "/api/collections/docs/records/"+id+query, "", nil)
		if status != http.StatusOK {
			t.Fatalf("view %s%s: %d %v", id, query, status, out)
		}
		return out
	}
	if exp, ok := view(root, "?expand=parent")["expand"].(map[string]any); !ok || len(exp) != 0 {
		t.Errorf("empty relation: expand %#v, want {}", view(root, "?expand=parent")["expand"])
	}
	if _, ok := view(root, "")["expand"]; ok {
		t.Error("expand key without ?expand")
	}
	// nested: the expanded parent has an empty parent itself
	out := view(child, "?expand=parent.parent")
	parent, _ := out["expand"].(map[string]any)["parent"].(map[string]any)
	if nested, ok := parent["expand"].(map[string]any); !ok || len(nested) != 0 {
		t.Errorf("nested empty relation: %v", out)
	}
	// list items too
	_, list := env.do(http.MethodGet, "/api/collections/docs/records?sort=title&expand=parent", "", nil)
	items := list["items"].([]any)
	if exp, ok := items[1].(map[string]any)["expand"].(map[string]any); !ok || len(exp) != 0 {
		t.Errorf("list item without a parent: %v", items[1])
	}
	if exp, ok := items[0].(map[string]any)["expand"].(map[string]any); !ok || exp["parent"] == nil {
		t.Errorf("list item with a parent: %v", items[0])
	}
}
