package apis_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// Client filters with a plain operator on a multi-valued field include
// records with no values (every element matches an empty set), as
// PocketBase answers.
func TestListFilterEveryElementOnEmptySet(t *testing.T) {
	env := newAuthEnv(t)
	status, people := env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{
		"name": "people", "listRule": "", "viewRule": "", "fields": []any{map[string]any{"name": "email", "type": "text"}},
	})
	if status != http.StatusOK {
		t.Fatalf("create people: %d %v", status, people)
	}
	person := func(email string) string {
		_, out := env.do(http.MethodPost, "/api/collections/people/records", env.suTok, map[string]any{"email": email})
		return out["id"].(string)
	}
	ann, bob := person("ann@example.com"), person("bob@example.com")
	status, body := env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{
		"name": "items", "listRule": "",
		"fields": []any{
			map[string]any{"name": "label", "type": "text"},
			map[string]any{"name": "tags", "type": "select", "maxSelect": 2, "values": []any{"a", "b"}},
			map[string]any{"name": "rel", "type": "relation", "collectionId": people["id"], "maxSelect": 5},
		},
	})
	if status != http.StatusOK {
		t.Fatalf("create: %d %v", status, body)
	}
	for _, rec := range []map[string]any{
		{"label": "a-ann", "tags": []string{"a"}, "rel": []string{ann}},
		{"label": "b-bob", "tags": []string{"b"}, "rel": []string{bob}},
		{"label": "empty"},
	} {
		if status, out := env.do(http.MethodPost, "/api/collections/items/records", env.suTok, rec); status != http.StatusOK {
			t.Fatalf("record: %d %v", status, out)
		}
	}
	for filter, want := range map[string][]string{
		"tags:each != 'a'":                  {"b-bob", "empty"},
		"tags:each = 'a'":                   {"a-ann"},
		"rel.email != 'ann@example.com'":    {"b-bob", "empty"},
		"rel.email ?= 'ann@example.com'":    {"a-ann"},
		"rel.email ~ 'example.com'":         {"a-ann", "b-bob"},
		"tags:length = 0 && rel.email = ''": {"empty"},
	} {
		status, out := env.do(http.MethodGet, "/api/collections/items/records?sort=label&filter="+url.QueryEscape(filter), "", nil)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %v", filter, status, out)
		}
		got := []string{}
		for _, item := range out["items"].([]any) {
			got = append(got, item.(map[string]any)["label"].(string))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", filter, got, want)
		}
	}
}
