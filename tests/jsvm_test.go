package tests

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// jsServer starts a server with tests/hooks/main loaded.
func jsServer(t *testing.T, dev bool) *harness.Server {
	t.Helper()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	// The npm-style package that the scripts require() is installed into the
	// temp hooks dir's node_modules here: node_modules is never committed.
	pkg := map[string]string{}
	for _, name := range []string{"index.js", "package.json"} {
		raw, err := os.ReadFile(filepath.Join(root, "tests", "hooks", "packages", "tiny-pkg", name))
		if err != nil {
			t.Fatal(err)
		}
		pkg["node_modules/tiny-pkg/"+name] = string(raw)
	}
	return harness.Start(t, harness.Options{
		CopyHooksFrom: filepath.Join(root, "tests", "hooks", "main"),
		Hooks:         pkg,
		Dev:           dev,
		Args:          []string{"--hooksTimeout=2", "--hooksPool=4"},
		Env:           []string{"HOOKBASE_JS_TEST_ENV=envval"},
	})
}

func decodeJSON(t *testing.T, body []byte) map[string]any {
	t.Helper()
	out := map[string]any{}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("not JSON: %v: %s", err, body)
	}
	return out
}

// expect checks status and, when want is non-empty, that the body holds it.
func expect(t *testing.T, s *harness.Server, method, path string, body any, token string, status int, want ...string) []byte {
	t.Helper()
	resp, data := s.Do(method, path, body, token)
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, status, data)
	}
	for _, w := range want {
		if !strings.Contains(string(data), w) {
			t.Fatalf("%s %s: body %s does not contain %s", method, path, data, w)
		}
	}
	return data
}

func TestJSVMRoutesScopeRequireAsync(t *testing.T) {
	t.Parallel()
	s := jsServer(t, false)

	expect(t, s, "GET", "/js/scope", nil, "", 200, `"value":"top:x"`)
	expect(t, s, "GET", "/js/require", nil, "", 200, `"local":"hi bob"`, `"pkg":42`)
	expect(t, s, "GET", "/js/ts/ann", nil, "", 200, `"text":"hello ann"`, `"typed":true`)
	expect(t, s, "GET", "/js/async", nil, "", 200, `"v":42`)
	expect(t, s, "GET", "/js/sleep", nil, "", 200, "slept")

	req, _ := http.NewRequest("GET", s.URL+"/js/param/7/a/b?q=z", nil)
	req.Header.Set("X-Test", "hv")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got["id"] != "7" || got["rest"] != "a/b" || got["q"] != "z" || got["h"] != "hv" || got["m"] != "GET" {
		t.Fatalf("params: %v", got)
	}
	if resp.Header.Get("X-Router-Use") != "1" {
		t.Fatalf("routerUse middleware did not run on a JS route")
	}
	// routerUse applies to built-in routes too; GET answers HEAD
	resp, _ = s.Do("GET", "/api/health", nil, "")
	if resp.Header.Get("X-Router-Use") != "1" {
		t.Fatalf("routerUse middleware did not run on /api/health")
	}
	resp, _ = s.Do("HEAD", "/js/scope", nil, "")
	if resp.StatusCode != 200 {
		t.Fatalf("HEAD on a GET route: %d", resp.StatusCode)
	}
	expect(t, s, "GET", "/js/mw", nil, "", 200, `"trail":"ba"`)
	expect(t, s, "POST", "/js/body", map[string]any{"title": "x", "n": 3}, "", 201,
		`"title":"x"`, `"n":3`, `"bodyTitle":"x"`, `"method":"POST"`, `"ctx":"default"`)

	// a JS catch-all answers unknown paths but yields to built-in routes
	expect(t, s, "GET", "/js/nope", nil, "", 200, "catch-all: js/nope")
	expect(t, s, "GET", "/api/health", nil, "", 200, "API is healthy.")
	expect(t, s, "GET", "/api/whatever", nil, "", 200, "js param route")
	expect(t, s, "GET", "/api/collections/posts/records", nil, "", 200, `"items"`)
}

func TestJSVMResponsesAndApisMiddlewares(t *testing.T) {
	t.Parallel()
	s := jsServer(t, false)

	resp, data := s.Do("GET", "/js/responses/html", nil, "")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || string(data) != "<b>hi</b>" {
		t.Fatalf("html: %s %s", resp.Header.Get("Content-Type"), data)
	}
	expect(t, s, "GET", "/js/responses/xml", nil, "", 200, "<string>text</string>")
	expect(t, s, "GET", "/js/responses/blob", nil, "", 200, "raw")
	expect(t, s, "GET", "/js/responses/nocontent", nil, "", 204)
	expect(t, s, "GET", "/js/responses/other", nil, "", 200, "true:false")
	resp, _ = s.Do("GET", "/js/responses/cookie", nil, "")
	if resp.Header.Get("X-Custom") != "yes" || !strings.Contains(resp.Header.Get("Set-Cookie"), "c1=v1") {
		t.Fatalf("headers: %v", resp.Header)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := noRedirect.Get(s.URL + "/js/responses/redirect")
	if err != nil || r.StatusCode != 302 || r.Header.Get("Location") != "/js/scope" {
		t.Fatalf("redirect: %v %v", r, err)
	}
	r.Body.Close()

	token := s.SuperuserToken(t)
	expect(t, s, "GET", "/js/superuser", nil, "", 401)
	expect(t, s, "GET", "/js/superuser", nil, token, 200, `"su":true`, harness.SuperuserEmail)
	expect(t, s, "GET", "/js/auth", nil, "", 401)
	expect(t, s, "GET", "/js/auth", nil, token, 200)
	expect(t, s, "GET", "/js/guest", nil, "", 200)
	expect(t, s, "GET", "/js/guest", nil, token, 400)
	expect(t, s, "POST", "/js/limited", "0123456789abcdef", "", 413)
	expect(t, s, "POST", "/js/limited", "tiny", "", 200)

	req, _ := http.NewRequest("GET", s.URL+"/js/gzip", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	gz, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil || gz.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip: %v %v", gz, err)
	}
	gz.Body.Close()
}

func TestJSVMErrors(t *testing.T) {
	t.Parallel()
	prod := jsServer(t, false)
	dev := jsServer(t, true)

	generic := "Something went wrong while processing your request."
	for _, path := range []string{"/js/throw", "/js/throw-string"} {
		body := expect(t, prod, "GET", path, nil, "", 400, generic)
		if strings.Contains(string(body), "pb.js") {
			t.Fatalf("script location leaked without --dev: %s", body)
		}
		expect(t, dev, "GET", path, nil, "", 400, generic, "02_routes.pb.js:")
	}
	if !prod.WaitForLog("02_routes.pb.js:23:") {
		t.Fatalf("the log does not name the script position:\n%s", prod.Log())
	}
	expect(t, prod, "GET", "/js/throw-api", nil, "", 418, "Teapot.")
	expect(t, prod, "GET", "/js/return-error", nil, "", 404, "Returned not thrown.")
	expect(t, prod, "GET", "/js/throw-notfound", nil, "", 404, "Gone.")
	expect(t, prod, "GET", "/js/throw-forbidden", nil, "", 403)
	expect(t, prod, "GET", "/js/throw-unauthorized", nil, "", 401)
	expect(t, prod, "GET", "/js/throw-toomany", nil, "", 429)
	expect(t, prod, "GET", "/js/throw-internal", nil, "", 500)
	expect(t, prod, "GET", "/js/throw-validation", nil, "", 400, `"title":{"code":"validation_bad","message":"Bad title."}`)

	// a runaway handler is stopped with a 5xx JSON; the server keeps serving
	start := time.Now()
	expect(t, dev, "GET", "/js/loop", nil, "", 504, "02_routes.pb.js:")
	if time.Since(start) > 10*time.Second {
		t.Fatalf("the timeout took %s", time.Since(start))
	}
	for i := 0; i < 10; i++ {
		expect(t, dev, "GET", "/js/scope", nil, "", 200)
	}
}

func TestJSVMGlobals(t *testing.T) {
	t.Parallel()
	s := jsServer(t, false)
	out := decodeJSON(t, expect(t, s, "GET", "/js/globals", nil, "", 200))
	checks := map[string]string{
		"decrypted": "secret text", "dt": "2024-01-02 03:04:05.000Z", "env": "envval",
		"filepath": "a/b/c.txt|.js|b", "jwt": "x", "mailer": "s", "readFile": "file body",
		"requestInfo": "GET", "store": "v", "template": "Hello &lt;b&gt;!", "toString": `{"a":1}|bytes`,
		"buffer": "aGk=", "dbx": "object", "hooksDir": "string", "logger": "function", "process": "object",
	}
	for k, want := range checks {
		if got, _ := out[k].(string); got != want {
			t.Errorf("%s = %v, want %q", k, out[k], want)
		}
	}
	raw, _ := json.Marshal([]any{out["record"], out["field"], out["unmarshal"], out["apiError"], out["security"]})
	want := `[["unsaved",3,"posts",true],["extra","text","number"],[5,2],[400,true],{"equal":true,"hs256":64,"md5":"0cc175b9c0f1b6a831c399e269772661","rand":12,"sha256":64}]`
	if string(raw) != want {
		t.Errorf("got %s\nwant %s", raw, want)
	}

	// $http.send against a local server
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"remote":true}`))
	}))
	defer remote.Close()
	expect(t, s, "POST", "/js/http", map[string]string{"url": remote.URL}, "", 200, `"status":200`, `"remote":true`)
}

func TestJSVMRecordHooksAndTransactions(t *testing.T) {
	t.Parallel()
	s := jsServer(t, false)
	waitForRoute(t, s, "/api/collections/posts/records")

	expect(t, s, "POST", "/api/collections/posts/records", map[string]any{"title": "shout"}, "", 200, `"title":"SHOUT"`)
	expect(t, s, "POST", "/api/collections/posts/records", map[string]any{"title": "forbidden"}, "", 400, "Forbidden title.")
	expect(t, s, "POST", "/api/collections/posts/records", map[string]any{"title": "plain"}, "", 200, `"title":"plain"`)

	audit := decodeJSON(t, expect(t, s, "GET", "/api/collections/audit/records?sort=title", nil, "", 200))
	items, _ := audit["items"].([]any)
	var titles []string
	for _, it := range items {
		titles = append(titles, it.(map[string]any)["title"].(string))
	}
	if strings.Join(titles, ",") != "created SHOUT,created plain" {
		t.Fatalf("audit rows: %v", titles)
	}
	// the audit collection's own request hook did not fire for posts, and
	// the aborted create left no audit row
	for _, it := range items {
		if note := it.(map[string]any)["note"]; note != "" {
			t.Fatalf("audit note %q", note)
		}
	}
	expect(t, s, "POST", "/js/tx", map[string]any{"fail": true}, "", 200, `"count":0`)
	expect(t, s, "POST", "/js/tx", map[string]any{"fail": false}, "", 200, `"count":1`)
	expect(t, s, "GET", "/js/query", nil, "", 200, `"rows":["SHOUT","plain","tx-row"]`, `"total":3`, `"filtered":3`)
	expect(t, s, "GET", "/js/recordquery", nil, "", 200, `"titles":["SHOUT"]`, `"first":"SHOUT"`, `"col":"posts"`)
}

func TestJSVMCrons(t *testing.T) {
	t.Parallel()
	s := jsServer(t, false)
	token := s.SuperuserToken(t)
	expect(t, s, "GET", "/api/crons", nil, "", 401)
	expect(t, s, "GET", "/api/crons", nil, token, 200, `{"id":"jsTestJob","expression":"*/10 * * * *",`)
	expect(t, s, "POST", "/api/crons/missing", nil, token, 404)
	expect(t, s, "POST", "/api/crons/jsTestJob", nil, token, 204)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body := s.Do("GET", "/js/cron-ran", nil, "")
		if strings.Contains(string(body), `"ran":"yes"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cron job did not run: %s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForRoute polls until a route owned by another area exists.
func waitForRoute(t *testing.T, s *harness.Server, path string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, _ := s.Do("GET", path, nil, "")
		if resp.StatusCode != http.StatusNotFound || time.Now().After(deadline) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestJSVMHookFamilies(t *testing.T) {
	t.Parallel()
	s := jsServer(t, false)
	waitForRoute(t, s, "/api/collections/posts/records")
	token := s.SuperuserToken(t)

	created := decodeJSON(t, expect(t, s, "POST", "/api/collections/posts/records", map[string]any{"title": "with-audit", "note": "secret"}, "", 200))
	if _, ok := created["note"]; ok {
		t.Fatalf("onRecordEnrich did not hide note: %v", created)
	}
	id := created["id"].(string)
	expect(t, s, "GET", "/api/collections/posts/records", nil, "", 200)
	expect(t, s, "GET", "/api/collections/posts/records/"+id, nil, "", 200)
	expect(t, s, "PATCH", "/api/collections/posts/records/"+id, map[string]any{"title": "renamed"}, "", 200)
	expect(t, s, "DELETE", "/api/collections/posts/records/"+id, nil, "", 204)
	expect(t, s, "POST", "/api/collections", map[string]any{"name": "extra", "type": "base"}, token, 200)
	expect(t, s, "GET", "/api/settings", nil, token, 200)

	hits := decodeJSON(t, expect(t, s, "GET", "/js/hits", nil, "", 200))
	for name, n := range hits {
		if n.(float64) < 1 {
			t.Errorf("hook %s did not fire: %v", name, hits)
		}
	}
	// the save made with $app inside onRecordCreate joined the transaction
	expect(t, s, "GET", "/api/collections/audit/records?filter=(title='inside%20tx')", nil, "", 200, `"totalItems":1`)
}
