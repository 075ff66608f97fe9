package apis_test

import (
	"net/http"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

func batchEnv(t *testing.T) *authEnv {
	env := newAuthEnv(t)
	c := core.NewBaseCollection("notes")
	empty := ""
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = &empty, &empty, &empty, &empty, &empty
	c.Fields.Add(&core.TextField{FieldBase: core.FieldBase{Name: "title"}, Min: 3})
	if err := env.app.Save(c); err != nil {
		t.Fatal(err)
	}
	return env
}

func enableBatch(t *testing.T, env *authEnv, maxRequests int) {
	s, _ := env.app.Settings().Clone()
	s.Batch.Enabled, s.Batch.MaxRequests = true, maxRequests
	if err := env.app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
}

func TestBatchDisabledByDefault(t *testing.T) {
	env := batchEnv(t)
	status, body := env.do(http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{}})
	if status != http.StatusForbidden || body["message"] != "Batch requests are not allowed." {
		t.Fatalf("%d %v", status, body)
	}
}

func TestBatchCommitsAll(t *testing.T) {
	env := batchEnv(t)
	enableBatch(t, env, 10)
	existing := core.NewRecord(mustCollection(t, env, "notes"))
	existing.Set("title", "old title")
	if err := env.app.Save(existing); err != nil {
		t.Fatal(err)
	}
	var internal []bool
	env.app.OnRecordCreateRequest("notes").BindFunc(func(e *core.RecordRequestEvent) error {
		internal = append(internal, e.IsInternalRequest() && e.App.IsTransactional())
		return e.Next()
	})
	var batchSize int
	env.app.OnBatchRequest().BindFunc(func(e *core.BatchRequestEvent) error {
		batchSize = len(e.Batch)
		return e.Next()
	})

	status, out := env.doAny(http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{
		map[string]any{"method": "POST", "url": "/api/collections/notes/records", "body": map[string]any{"title": "first"}},
		map[string]any{"method": "PATCH", "url": "/api/collections/notes/records/" + existing.Id, "body": map[string]any{"title": "new title"}},
		map[string]any{"method": "DELETE", "url": "/api/collections/notes/records/" + existing.Id},
	}})
	if status != http.StatusOK {
		t.Fatalf("batch: %d %v", status, out)
	}
	list := out.([]any)
	if len(list) != 3 || batchSize != 3 {
		t.Fatalf("responses %v (hook saw %d)", list, batchSize)
	}
	first := list[0].(map[string]any)
	if first["status"] != float64(200) || first["body"].(map[string]any)["title"] != "first" {
		t.Errorf("create response %v", first)
	}
	if list[1].(map[string]any)["body"].(map[string]any)["title"] != "new title" || list[2].(map[string]any)["status"] != float64(204) {
		t.Errorf("responses %v", list)
	}
	if len(internal) != 1 || !internal[0] {
		t.Errorf("sub-request not internal/transactional: %v", internal)
	}
	if n, _ := env.app.CountRecords("notes"); n != 1 {
		t.Errorf("%d notes, want 1", n)
	}
}

func TestBatchRollsBack(t *testing.T) {
	env := batchEnv(t)
	enableBatch(t, env, 10)
	status, body := env.do(http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{
		map[string]any{"method": "POST", "url": "/api/collections/notes/records", "body": map[string]any{"title": "valid"}},
		map[string]any{"method": "POST", "url": "/api/collections/notes/records", "body": map[string]any{"title": "x"}},
	}})
	if status != http.StatusBadRequest || body["message"] != "Batch transaction failed." {
		t.Fatalf("%d %v", status, body)
	}
	item := body["data"].(map[string]any)["requests"].(map[string]any)["1"].(map[string]any)
	resp := item["response"].(map[string]any)
	if item["code"] != "batch_request_failed" || resp["status"] != float64(400) || resp["data"].(map[string]any)["title"] == nil {
		t.Errorf("failure item %v", item)
	}
	if n, _ := env.app.CountRecords("notes"); n != 0 {
		t.Fatalf("%d notes after a failed batch, want 0", n)
	}
}

func TestBatchValidation(t *testing.T) {
	env := batchEnv(t)
	enableBatch(t, env, 2)
	cases := map[string][]any{
		"empty":       {},
		"too many":    {br("POST", "/api/collections/notes/records"), br("POST", "/api/collections/notes/records"), br("POST", "/api/collections/notes/records")},
		"GET":         {br("GET", "/api/collections/notes/records")},
		"not records": {br("POST", "/api/settings")},
	}
	for name, reqs := range cases {
		t.Run(name, func(t *testing.T) {
			status, body := env.do(http.MethodPost, "/api/batch", "", map[string]any{"requests": reqs})
			if status != http.StatusBadRequest || body["data"].(map[string]any)["requests"] == nil {
				t.Fatalf("%d %v", status, body)
			}
		})
	}
}

func br(method, url string) map[string]any {
	return map[string]any{"method": method, "url": url, "body": map[string]any{"title": "abcd"}}
}

func mustCollection(t *testing.T, env *authEnv, name string) *core.Collection {
	c, err := env.app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
