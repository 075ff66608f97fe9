package apis_test

import (
	"net/http"
	"strings"
	"testing"
)

// Rules are parsed and resolved against the schema when a collection is
// saved: a bad one is a 400 naming the rule; nothing is stored.
func TestCollectionRulesValidatedOnSave(t *testing.T) {
	env := newAuthEnv(t)
	fields := []any{
		map[string]any{"name": "title", "type": "text"},
		map[string]any{"name": "tags", "type": "select", "maxSelect": 2, "values": []any{"a", "b"}},
		map[string]any{"name": "author", "type": "relation", "collectionId": "_pb_users_auth_", "maxSelect": 1},
	}
	cases := []struct {
		name string
		body map[string]any
		key  string
		code string
	}{
		{"unknown field", map[string]any{"listRule": "missing = 1"}, "listRule", "validation_invalid_rule"},
		{"syntax", map[string]any{"viewRule": "title = "}, "viewRule", "validation_invalid_rule"},
		{"unknown field behind a relation", map[string]any{"updateRule": "author.nope = 'x'"}, "updateRule", "validation_invalid_rule"},
		{"multi-value modifier on a single-value body field", map[string]any{"createRule": "@request.body.title:each = 'a'"}, "createRule", "validation_invalid_rule"},
		{"unknown modifier", map[string]any{"createRule": "@request.body.title:nope = 'a'"}, "createRule", "validation_invalid_rule"},
		{":changed outside @request.body", map[string]any{"deleteRule": "title:changed = true"}, "deleteRule", "validation_invalid_rule"},
		{"unknown @collection", map[string]any{"listRule": "@collection.nope.id != ''"}, "listRule", "validation_invalid_rule"},
		{"bad authRule", map[string]any{"type": "auth", "authRule": "nope = true"}, "authRule", "validation_invalid_rule"},
		{"blank manageRule", map[string]any{"type": "auth", "manageRule": ""}, "manageRule", "validation_nil_or_not_empty_required"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"name": "bad" + string(rune('a'+i)), "fields": fields}
			for k, v := range tc.body {
				body[k] = v
			}
			status, out := env.do(http.MethodPost, "/api/collections", env.suTok, body)
			if status != http.StatusBadRequest || jsonPath(out, "data."+tc.key+".code") != tc.code {
				t.Fatalf("status %d, data.%s.code %v: %v", status, tc.key, jsonPath(out, "data."+tc.key+".code"), out)
			}
			if msg, _ := jsonPath(out, "data."+tc.key+".message").(string); tc.code == "validation_invalid_rule" && !strings.HasPrefix(msg, "Invalid rule. Raw error: ") {
				t.Errorf("message %q", msg)
			}
			if _, err := env.app.FindCollectionByNameOrId(body["name"].(string)); err == nil {
				t.Error("the collection was stored")
			}
		})
	}

	t.Run("valid rules referencing relations and body modifiers", func(t *testing.T) {
		status, out := env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{
			"name": "good", "fields": fields,
			"listRule":   "author.email != '' && tags:each != 'b' && @request.auth.id != '' && @request.auth.anything != 'x' && @request.query.page != '1' && @request.headers.x_token != ''",
			"viewRule":   "@collection.users.id ?= author.id",
			"createRule": "@request.body.tags:length <= 2 && @request.body.author = @request.auth.id && @request.body.anything:isset = false",
			"updateRule": "@request.body.title:changed = false && @request.body.author.email:lower != '' && title:lower != ''",
			"deleteRule": "author = @request.auth.id",
		})
		if status != http.StatusOK {
			t.Fatalf("status %d: %v", status, out)
		}
	})

	t.Run("back-relation in a rule of the related collection", func(t *testing.T) {
		status, out := env.do(http.MethodPatch, "/api/collections/users", env.suTok, map[string]any{"viewRule": "id = @request.auth.id || good_via_author.title != ''"})
		if status != http.StatusOK {
			t.Fatalf("status %d: %v", status, out)
		}
	})

	t.Run("update with a bad rule", func(t *testing.T) {
		status, out := env.do(http.MethodPatch, "/api/collections/users", env.suTok, map[string]any{"viewRule": "nickname = 'x'"})
		if status != http.StatusBadRequest || jsonPath(out, "data.viewRule.code") != "validation_invalid_rule" {
			t.Fatalf("status %d: %v", status, out)
		}
	})

	t.Run("import validates the rules after saving every collection", func(t *testing.T) {
		status, out := env.do(http.MethodPut, "/api/collections/import", env.suTok, map[string]any{"collections": []any{
			map[string]any{"name": "imp_ok", "listRule": "imp_rel.title != ''", "fields": []any{
				map[string]any{"name": "imp_rel", "type": "relation", "collectionId": "imp_target_id12", "maxSelect": 1},
			}},
			map[string]any{"id": "imp_target_id12", "name": "imp_target", "fields": []any{map[string]any{"name": "title", "type": "text"}}},
		}})
		if status != http.StatusNoContent {
			t.Fatalf("a rule through a relation to a later item: %d %v", status, out)
		}
		status, out = env.do(http.MethodPut, "/api/collections/import", env.suTok, map[string]any{"collections": []any{
			map[string]any{"name": "imp_bad", "listRule": "nope = 1", "fields": []any{map[string]any{"name": "title", "type": "text"}}},
		}})
		msg, _ := jsonPath(out, "data.collections.message").(string)
		if status != http.StatusBadRequest || !strings.Contains(msg, "listRule") || !strings.Contains(msg, "validation_invalid_rule") {
			t.Fatalf("bad rule import: %d %v", status, out)
		}
		if _, err := env.app.FindCollectionByNameOrId("imp_bad"); err == nil {
			t.Error("the import was stored")
		}
	})
}
