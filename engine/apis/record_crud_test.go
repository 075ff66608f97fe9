package apis_test

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

func TestRecordCrudStatuses(t *testing.T) {
	env := newRCEnv(t)
	post := env.createRecord("posts", map[string]any{"title": "hello", "author": env.u1.Id})
	locked := env.createRecord("locked", map[string]any{"title": "x"})
	owned := env.createRecord("owned", map[string]any{"title": "mine", "author": env.u1.Id})

	cases := []struct {
		name    string
		method  string
		path    string
		token   string
		body    any
		status  int
		message string
	}{
		{"unknown collection list", "GET", "/api/collections/nope/records", "", nil, 404, "Missing collection context."},
		{"unknown collection view", "GET", "/api/collections/nope/records/abc", "", nil, 404, "Missing collection context."},
		{"unknown collection create", "POST", "/api/collections/nope/records", "", map[string]any{}, 404, "Missing collection context."},
		{"locked list", "GET", "/api/collections/locked/records", env.u1Tok, nil, 403, "Only superusers can perform this action."},
		{"locked view existing", "GET", "/api/collections/locked/records/" + locked["id"].(string), "", nil, 403, "Only superusers can perform this action."},
		{"locked view missing id", "GET", "/api/collections/locked/records/missing", "", nil, 403, "Only superusers can perform this action."},
		{"locked create", "POST", "/api/collections/locked/records", "", map[string]any{"title": "y"}, 403, "Only superusers can perform this action."},
		{"locked update missing id", "PATCH", "/api/collections/locked/records/missing", "", map[string]any{}, 403, "Only superusers can perform this action."},
		{"locked delete missing id", "DELETE", "/api/collections/locked/records/missing", "", nil, 403, "Only superusers can perform this action."},
		{"locked list superuser", "GET", "/api/collections/locked/records", env.suTok, nil, 200, ""},
		{"public view missing", "GET", "/api/collections/posts/records/missing", "", nil, 404, "The requested resource wasn't found."},
		{"public view", "GET", "/api/collections/posts/records/" + post["id"].(string), "", nil, 200, ""},
		{"owned view other user", "GET", "/api/collections/owned/records/" + owned["id"].(string), env.u2Tok, nil, 404, "The requested resource wasn't found."},
		{"owned view guest", "GET", "/api/collections/owned/records/" + owned["id"].(string), "", nil, 404, "The requested resource wasn't found."},
		{"owned view owner", "GET", "/api/collections/owned/records/" + owned["id"].(string), env.u1Tok, nil, 200, ""},
		{"owned update other user", "PATCH", "/api/collections/owned/records/" + owned["id"].(string), env.u2Tok, map[string]any{"title": "z"}, 404, "The requested resource wasn't found."},
		{"owned delete other user", "DELETE", "/api/collections/owned/records/" + owned["id"].(string), env.u2Tok, nil, 404, "The requested resource wasn't found."},
		{"owned create guest", "POST", "/api/collections/owned/records", "", map[string]any{"title": "g"}, 400, "Failed to create record."},
		{"owned create for another", "POST", "/api/collections/owned/records", env.u2Tok, map[string]any{"title": "g", "author": env.u1.Id}, 400, "Failed to create record."},
		{"owned create for self", "POST", "/api/collections/owned/records", env.u2Tok, map[string]any{"title": "g", "author": env.u2.Id}, 200, ""},
		{"invalid filter", "GET", "/api/collections/posts/records?filter=" + url.QueryEscape("title ~~ 'x"), "", nil, 400, "Something went wrong while processing your request."},
		{"unknown filter field", "GET", "/api/collections/posts/records?filter=" + url.QueryEscape("nope = 1"), "", nil, 400, "Something went wrong while processing your request."},
		{"unknown sort field", "GET", "/api/collections/posts/records?sort=nope", "", nil, 400, "Something went wrong while processing your request."},
		{"hidden field filter by guest", "GET", "/api/collections/posts/records?filter=" + url.QueryEscape("secret = 'x'"), "", nil, 400, "Something went wrong while processing your request."},
		{"collection filter by guest", "GET", "/api/collections/posts/records?filter=" + url.QueryEscape("@collection.tags.label = 'x'"), "", nil, 403, "Only superusers can filter by '@collection.'."},
		{"malformed json", "POST", "/api/collections/posts/records", "", rawBody("{nope"), 400, "Failed to load the submitted data due to invalid formatting."},
		{"validation", "POST", "/api/collections/posts/records", "", map[string]any{"title": strings.Repeat("x", 101)}, 400, "Failed to create record."},
		{"view collection create", "POST", "/api/collections/_superusers/records", env.u1Tok, map[string]any{}, 403, "Only superusers can perform this action."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var status int
			var body any
			if rb, ok := tc.body.(rawBody); ok {
				req, _ := http.NewRequest(tc.method, env.srv.URL+tc.path, strings.NewReader(string(rb)))
				req.Header.Set("Content-Type", "application/json")
				status, body = env.send(req)
			} else {
				status, body = env.do(tc.method, tc.path, tc.token, tc.body)
			}
			if status != tc.status {
				t.Fatalf("status = %d, want %d (%v)", status, tc.status, body)
			}
			if tc.message != "" {
				if got := jsonPath(body, "message"); got != tc.message {
					t.Fatalf("message = %v, want %q", got, tc.message)
				}
				if got := jsonPath(body, "status"); got != float64(tc.status) {
					t.Fatalf("status field = %v", got)
				}
				if _, ok := jsonPath(body, "data").(map[string]any); !ok {
					t.Fatalf("data is not an object: %v", body)
				}
			}
		})
	}
}

type rawBody string

func TestRecordCreateRuleFailureHasEmptyData(t *testing.T) {
	env := newRCEnv(t)
	_, body := env.do("POST", "/api/collections/owned/records", "", map[string]any{"title": "x"})
	if data := jsonPath(body, "data").(map[string]any); len(data) != 0 {
		t.Fatalf("data = %v, want {}", data)
	}
}

func TestRecordValidationErrorShape(t *testing.T) {
	env := newRCEnv(t)
	status, body := env.do("POST", "/api/collections/posts/records", "", map[string]any{"title": strings.Repeat("x", 101), "cats": []string{"zzz"}})
	if status != 400 {
		t.Fatalf("status %d", status)
	}
	if code := jsonPath(body, "data.title.code"); code != "validation_max_text_constraint" {
		t.Fatalf("title code = %v (%v)", code, body)
	}
	if code := jsonPath(body, "data.cats.code"); code == nil {
		t.Fatalf("missing cats error: %v", body)
	}
	n, _ := env.app.CountRecords("posts")
	if n != 0 {
		t.Fatalf("a failed create stored %d records", n)
	}
}

func TestRecordListPaginationAndSkipTotal(t *testing.T) {
	env := newRCEnv(t)
	for i := 0; i < 35; i++ {
		env.createRecord("posts", map[string]any{"title": fmt.Sprintf("t%02d", i), "n": i})
	}
	cases := []struct {
		query                                 string
		page, perPage, totalItems, totalPages float64
		items                                 int
		first                                 string
	}{
		{"", 1, 30, 35, 2, 30, ""},
		{"?page=2", 2, 30, 35, 2, 5, ""},
		{"?page=0&perPage=5&sort=-n", 1, 5, 35, 7, 5, "t34"},
		{"?perPage=5000", 1, 1000, 35, 1, 35, ""},
		{"?skipTotal=1&perPage=10&sort=title", 1, 10, -1, -1, 10, "t00"},
		{"?filter=" + url.QueryEscape("n >= 30 && title ~ 't3'") + "&sort=n", 1, 30, 5, 1, 5, "t30"},
	}
	for _, tc := range cases {
		status, body := env.do("GET", "/api/collections/posts/records"+tc.query, "", nil)
		if status != 200 {
			t.Fatalf("%s: status %d %v", tc.query, status, body)
		}
		m := body.(map[string]any)
		got := []float64{m["page"].(float64), m["perPage"].(float64), m["totalItems"].(float64), m["totalPages"].(float64)}
		want := []float64{tc.page, tc.perPage, tc.totalItems, tc.totalPages}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: got %v, want %v", tc.query, got, want)
		}
		items := m["items"].([]any)
		if len(items) != tc.items {
			t.Fatalf("%s: %d items, want %d", tc.query, len(items), tc.items)
		}
		if tc.first != "" && jsonPath(items[0], "title") != tc.first {
			t.Fatalf("%s: first = %v, want %s", tc.query, jsonPath(items[0], "title"), tc.first)
		}
	}
}

func TestRecordListRuleFiltersItems(t *testing.T) {
	env := newRCEnv(t)
	env.createRecord("owned", map[string]any{"title": "a", "author": env.u1.Id})
	env.createRecord("owned", map[string]any{"title": "b", "author": env.u1.Id})
	env.createRecord("owned", map[string]any{"title": "c", "author": env.u2.Id})
	for _, tc := range []struct {
		token string
		want  float64
	}{{"", 0}, {env.u1Tok, 2}, {env.u2Tok, 1}, {env.suTok, 3}} {
		status, body := env.do("GET", "/api/collections/owned/records", tc.token, nil)
		if status != 200 || jsonPath(body, "totalItems") != tc.want {
			t.Fatalf("token %q: %d %v, want %v items", tc.token, status, body, tc.want)
		}
	}
}

func TestRecordHiddenFieldsAndEmailVisibility(t *testing.T) {
	env := newRCEnv(t)
	// a guest cannot set a hidden field; a superuser can and sees it
	_, body := env.do("POST", "/api/collections/posts/records", "", map[string]any{"title": "h", "secret": "s1"})
	id := jsonPath(body, "id").(string)
	if _, ok := body.(map[string]any)["secret"]; ok {
		t.Fatalf("hidden field returned to a guest: %v", body)
	}
	_, body = env.do("GET", "/api/collections/posts/records/"+id, env.suTok, nil)
	if jsonPath(body, "secret") != "" {
		t.Fatalf("guest could set a hidden field: %v", body)
	}
	_, body = env.do("PATCH", "/api/collections/posts/records/"+id, env.suTok, map[string]any{"secret": "s2"})
	if jsonPath(body, "secret") != "s2" {
		t.Fatalf("superuser should see and set hidden fields: %v", body)
	}

	// users: the owner sees their email, others only when visible
	_, body = env.do("GET", "/api/collections/users/records/"+env.u1.Id, env.u1Tok, nil)
	if jsonPath(body, "email") != "u1@example.com" {
		t.Fatalf("owner should see own email: %v", body)
	}
	for _, key := range []string{"password", "tokenKey", "passwordConfirm"} {
		if _, ok := body.(map[string]any)[key]; ok {
			t.Fatalf("%s leaked: %v", key, body)
		}
	}
	_, body = env.do("GET", "/api/collections/users/records?perPage=10", env.suTok, nil)
	for _, item := range jsonPath(body, "items").([]any) {
		if _, ok := item.(map[string]any)["email"]; !ok {
			t.Fatalf("superuser should see every email: %v", item)
		}
		if _, ok := item.(map[string]any)["tokenKey"]; ok {
			t.Fatalf("tokenKey leaked to superuser: %v", item)
		}
	}
}

func TestRecordModifiersAndHooks(t *testing.T) {
	env := newRCEnv(t)
	env.app.OnRecordCreateRequest("posts").BindFunc(func(e *core.RecordRequestEvent) error {
		e.Record.Set("title", e.Record.GetString("title")+"!")
		return e.Next()
	})
	var enriched int
	env.app.OnRecordEnrich("posts").BindFunc(func(e *core.RecordEnrichEvent) error {
		enriched++
		e.Record.WithCustomData(true)
		e.Record.Set("extra", "yes")
		return e.Next()
	})
	_, body := env.do("POST", "/api/collections/posts/records", "", map[string]any{"title": "m", "cats": []string{"a"}, "n": 5})
	if jsonPath(body, "title") != "m!" || jsonPath(body, "extra") != "yes" {
		t.Fatalf("hooks not applied: %v", body)
	}
	id := jsonPath(body, "id").(string)
	for _, tc := range []struct {
		data map[string]any
		cats []any
		n    float64
	}{
		{map[string]any{"cats+": "b", "n+": 2}, []any{"a", "b"}, 7},
		{map[string]any{"cats+": []string{"b", "c"}}, []any{"a", "b", "c"}, 7},
		{map[string]any{"cats-": "a", "n-": 10}, []any{"b", "c"}, -3},
		{map[string]any{"+cats": "a"}, []any{"a", "b", "c"}, -3},
	} {
		status, body := env.do("PATCH", "/api/collections/posts/records/"+id, "", tc.data)
		if status != 200 || !reflect.DeepEqual(jsonPath(body, "cats"), tc.cats) || jsonPath(body, "n") != tc.n {
			t.Fatalf("%v: %d %v", tc.data, status, body)
		}
	}
	if enriched == 0 {
		t.Fatal("OnRecordEnrich did not fire")
	}
}

func TestRecordFieldsParam(t *testing.T) {
	env := newRCEnv(t)
	env.createRecord("posts", map[string]any{"title": "t", "body": "<p>Hello   <b>big</b> world of text</p>"})
	_, body := env.do("GET", "/api/collections/posts/records?fields="+url.QueryEscape("id,body:excerpt(9,true)"), "", nil)
	item := jsonPath(body, "items.0").(map[string]any)
	if len(item) != 2 || item["body"] != "Hello big..." {
		t.Fatalf("fields picked wrong: %v", item)
	}
	if jsonPath(body, "page") != float64(1) {
		t.Fatalf("list keys must stay: %v", body)
	}
	_, body = env.do("GET", "/api/collections/posts/records?fields="+url.QueryEscape("*,body:excerpt(100)"), "", nil)
	item = jsonPath(body, "items.0").(map[string]any)
	if item["title"] != "t" || item["body"] != "Hello big world of text" {
		t.Fatalf("wildcard fields: %v", item)
	}
}

func TestRecordDelete(t *testing.T) {
	env := newRCEnv(t)
	rec := env.createRecord("posts", map[string]any{"title": "d"})
	status, body := env.do("DELETE", "/api/collections/posts/records/"+rec["id"].(string), "", nil)
	if status != 204 || body != nil {
		t.Fatalf("delete: %d %v", status, body)
	}
	status, _ = env.do("GET", "/api/collections/posts/records/"+rec["id"].(string), "", nil)
	if status != 404 {
		t.Fatalf("deleted record still visible: %d", status)
	}
}
