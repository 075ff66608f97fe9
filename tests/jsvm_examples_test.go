package tests

import (
	urlpkg "net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// TestJSVMExamples loads pb_hooks_example as a user would and exercises
// its routes and hooks over HTTP.
func TestJSVMExamples(t *testing.T) {
	t.Parallel()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{CopyHooksFrom: filepath.Join(root, "pb_hooks_example")})
	token := s.SuperuserToken(t)

	resp, _ := s.Do("GET", "/api/health", nil, "")
	if resp.Header.Get("X-Powered-By") != "hookbase" {
		t.Fatalf("routerUse middleware missing on a built-in route")
	}
	expect(t, s, "GET", "/example/hello/Big%20World?page=3", nil, "", 200, `"message":"Hello Big World!"`, `"slug":"big-world"`, `"page":3`)
	expect(t, s, "GET", "/example/files/a/b.txt", nil, "", 200, "file: a/b.txt")
	expect(t, s, "GET", "/example/later", nil, "", 200, `"value":"done"`)
	expect(t, s, "POST", "/example/articles", map[string]any{}, "", 400, `"title":{"code":"validation_required"`)
	expect(t, s, "POST", "/example/articles", map[string]any{"title": "First Post"}, "", 201, `"slug":"first-post"`)
	waitForRoute(t, s, "/api/collections/articles/records")
	expect(t, s, "POST", "/api/collections/articles/records", map[string]any{"title": "Via API", "views": 99}, "", 200, `"slug":"via-api"`, `"views":0`)
	expect(t, s, "POST", "/api/collections/articles/records", map[string]any{"title": "buy spam"}, "", 400)
	expect(t, s, "GET", "/api/collections/article_events/records", nil, "", 200, `"totalItems":2`)
	expect(t, s, "GET", "/example/articles/top", nil, "", 200, `"title":"First Post"`)
	expect(t, s, "GET", "/example/articles/by-filter?q=via", nil, "", 200, `["Via API"]`)
	expect(t, s, "POST", "/example/articles/pair", map[string]any{"titles": []string{"ok", ""}}, "", 400, "Every title is required.")
	expect(t, s, "GET", "/example/articles/by-filter?q=ok", nil, "", 200, `[]`)
	expect(t, s, "POST", "/example/articles/pair", map[string]any{"titles": []string{"one", "two"}}, "", 200, `"saved":2`)

	expect(t, s, "GET", "/example/admin/stats", nil, "", 401)
	resp, body := s.Do("GET", "/example/admin/stats", nil, token)
	if resp.StatusCode != 200 || resp.Header.Get("X-Admin") != "1" || !strings.Contains(string(body), `"total":4`) {
		t.Fatalf("admin stats: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	expect(t, s, "GET", "/example/me", nil, token, 200, `"tls":false`)
	expect(t, s, "GET", "/example/page", nil, "", 200, "<h1>Hookbase</h1><p>&lt;hello&gt;</p>")
	expect(t, s, "GET", "/example/teapot", nil, "", 418, "I'm a teapot.")
	expect(t, s, "GET", "/example/utils", nil, "", 200, `"decrypted":"hidden"`, `"role":"demo"`,
		`"content":"written by a hook"`, `"model":{"name":"demo","tags":2}`, `"hooksDir":"pb_hooks"`)
	expect(t, s, "GET", "/example/proxy-health", nil, "", 200, "API is healthy.")
	expect(t, s, "POST", "/example/contact", map[string]any{"message": "hi"}, "", 200, `"subject":"Contact form"`, `"canVerify":"function"`)
	expect(t, s, "GET", "/api/crons", nil, token, 200, `"id":"example_cleanup"`)
	expect(t, s, "GET", "/example/auth/options", nil, "", 200, `"otp":false`, `"oauth2Providers":[]`,
		`"mails":["function","function","function"]`)
}

func TestJSVMExamplesMore(t *testing.T) {
	t.Parallel()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{CopyHooksFrom: filepath.Join(root, "pb_hooks_example")})
	token := s.SuperuserToken(t)

	expect(t, s, "GET", "/example/static/", nil, "", 200, "Served by $apis.static")
	expect(t, s, "GET", "/example/static/some/page", nil, "", 200, "Served by $apis.static")
	expect(t, s, "GET", "/example/guest", nil, "", 200)
	expect(t, s, "GET", "/example/guest", nil, token, 400)
	expect(t, s, "GET", "/example/users/abc/private", nil, "", 401)
	expect(t, s, "GET", "/example/users/abc/private", nil, token, 200, `"owner":"abc"`)
	expect(t, s, "POST", "/example/token", nil, token, 200, `"token":`, `"record":`)
	created := decodeJSON(t, expect(t, s, "POST", "/example/articles", map[string]any{"title": "Hello"}, "", 201))
	expect(t, s, "GET", "/example/articles/"+created["id"].(string), nil, "", 200, `"title":"Hello"`)
	expect(t, s, "GET", "/example/articles/missing", nil, "", 404)
	expect(t, s, "GET", "/example/articles-query", nil, "", 200, `"title":"Hello"`)
	expect(t, s, "POST", "/example/echo", "plain text", "", 200, `"text":"plain text"`, `"size":10`, `"name":"echo.txt"`, `"method":"POST"`, `"node":"object"`)
	expect(t, s, "GET", "/example/fields", nil, "", 200, `["a","b","c"]`)

	// The _logs model hook drops the request log rows of health checks
	// only: a later request's row is written, the health check's is not
	// (rows are written in batches, in order).
	expect(t, s, "GET", "/api/health", nil, "", 200)
	expect(t, s, "GET", "/example/fields?after=health", nil, "", 200)
	logsCount := func(url string) float64 {
		_, body := s.Do("GET", "/api/logs?filter="+urlpkg.QueryEscape(`data.url="`+url+`"`), nil, token)
		n, ok := decodeJSON(t, body)["totalItems"].(float64)
		if !ok {
			t.Fatalf("logs list: %s", body)
		}
		return n
	}
	waitFor(t, "the log row of the request after the health check", func() bool { return logsCount("/example/fields?after=health") == 1 })
	if n := logsCount("/api/health"); n != 0 {
		t.Fatalf("%v log rows of /api/health, want none (the example's onModelCreate drops them)", n)
	}
}
