package apis_test

import (
	"net/http"
	"testing"
)

// Error codes and params that clients branch on, as PocketBase answers them.
func TestCompatErrorCodesAndParams(t *testing.T) {
	env := batchEnv(t)

	t.Run("invalid collection name", func(t *testing.T) {
		status, out := env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{"name": "bad name!"})
		if status != http.StatusBadRequest || jsonPath(out, "data.name.code") != "validation_match_invalid" ||
			jsonPath(out, "data.name.message") != "Must be in a valid format." {
			t.Fatalf("%d %v", status, out)
		}
		status, out = env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{"name": "posts_via_author"})
		if status != http.StatusBadRequest || jsonPath(out, "data.name.code") != "validation_found_via" {
			t.Fatalf("_via_ name: %d %v", status, out)
		}
	})

	status, out := env.do(http.MethodPost, "/api/collections", env.suTok, map[string]any{
		"name": "scores", "listRule": "", "viewRule": "", "createRule": "", "updateRule": "",
		"fields": []any{
			map[string]any{"name": "n", "type": "number", "min": 1, "max": 5},
			map[string]any{"name": "label", "type": "text", "min": 2, "max": 4},
		},
	})
	if status != http.StatusOK {
		t.Fatalf("create scores: %d %v", status, out)
	}

	t.Run("range errors carry params", func(t *testing.T) {
		cases := []struct {
			body        map[string]any
			key, code   string
			param       string
			value       float64
			wantMessage string
		}{
			{map[string]any{"n": 6}, "n", "validation_max_number_constraint", "max", 5, "Must be less or equal than 5."},
			{map[string]any{"n": -1}, "n", "validation_min_number_constraint", "min", 1, "Must be greater or equal than 1."},
			{map[string]any{"label": "toolong"}, "label", "validation_max_text_constraint", "max", 4, "Must be no more than 4 character(s)."},
			{map[string]any{"label": "x"}, "label", "validation_min_text_constraint", "min", 2, "Must be at least 2 character(s)."},
		}
		for _, tc := range cases {
			status, out := env.do(http.MethodPost, "/api/collections/scores/records", "", tc.body)
			if status != http.StatusBadRequest || jsonPath(out, "data."+tc.key+".code") != tc.code ||
				jsonPath(out, "data."+tc.key+".params."+tc.param) != tc.value || jsonPath(out, "data."+tc.key+".message") != tc.wantMessage {
				t.Errorf("%v: %d %v", tc.body, status, out)
			}
		}
	})

	t.Run("duplicate custom record id", func(t *testing.T) {
		body := map[string]any{"id": "abcdefghijklmno", "n": 2}
		if status, out := env.do(http.MethodPost, "/api/collections/scores/records", "", body); status != http.StatusOK {
			t.Fatalf("first: %d %v", status, out)
		}
		status, out := env.do(http.MethodPost, "/api/collections/scores/records", "", body)
		if status != http.StatusBadRequest || jsonPath(out, "data.id.code") != "validation_not_unique" {
			t.Fatalf("duplicate: %d %v", status, out)
		}
	})

	enableBatch(t, env, 10)
	t.Run("batch items other than record actions", func(t *testing.T) {
		for _, item := range []map[string]any{
			{"method": "GET", "url": "/api/collections/notes/records"},
			{"method": "POST", "url": "/api/collections/users/auth-with-password", "body": map[string]any{"identity": "ann@example.com", "password": "1234567890"}},
			{"method": "POST", "url": "/api/settings"},
			{"method": "PATCH", "url": "/api/collections/notes/records"},
		} {
			status, out := env.do(http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{
				map[string]any{"method": "POST", "url": "/api/collections/notes/records", "body": map[string]any{"title": "kept?"}},
				item,
			}})
			if status != http.StatusBadRequest || jsonPath(out, "message") != "Batch transaction failed." ||
				jsonPath(out, "data.requests.1.code") != "batch_request_failed" || jsonPath(out, "data.requests.1.response.status") != float64(400) {
				t.Errorf("%v: %d %v", item, status, out)
			}
		}
		if n, _ := env.app.CountRecords("notes"); n != 0 {
			t.Errorf("%d notes left by failed batches", n)
		}
	})

	t.Run("upsert inside a batch", func(t *testing.T) {
		status, out := env.doAny(http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{
			map[string]any{"method": "PUT", "url": "/api/collections/notes/records", "body": map[string]any{"id": "upsertednote001", "title": "created"}},
			map[string]any{"method": "PUT", "url": "/api/collections/notes/records?fields=id,title", "body": map[string]any{"id": "upsertednote001", "title": "updated"}},
			map[string]any{"method": "PUT", "url": "/api/collections/notes/records", "body": map[string]any{"title": "no id"}},
		}})
		list, _ := out.([]any)
		if status != http.StatusOK || len(list) != 3 {
			t.Fatalf("%d %v", status, out)
		}
		second := list[1].(map[string]any)["body"].(map[string]any)
		if second["id"] != "upsertednote001" || second["title"] != "updated" || second["created"] != nil {
			t.Errorf("update through upsert: %v", second)
		}
		if n, _ := env.app.CountRecords("notes"); n != 2 {
			t.Errorf("%d notes, want 2", n)
		}
	})
}
