package apis_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
)

// repeatReader yields one byte forever, so that a huge body is streamed
// without being held in memory.
type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// A body without a Content-Length (chunked) that grows past the limit is
// answered 413 like a declared one, not the 400 the JSON reader makes of it.
func TestBodyLimitStreamedBody(t *testing.T) {
	env := newAuthEnv(t)
	// record writes may also carry the collection's files on top of the default
	limit := apis.DefaultMaxBodySize
	users, err := env.app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range users.Fields {
		if ff, ok := f.(*core.FileField); ok {
			limit += ff.CalculateMaxBodySize()
		}
	}
	body := io.MultiReader(strings.NewReader(`{"email":"`),
		io.LimitReader(repeatReader('a'), limit+1), strings.NewReader(`"}`))
	if status, raw := postStreamed(t, env.srv.URL+"/api/collections/users/records", body); status != http.StatusRequestEntityTooLarge || raw != msgTooLarge {
		t.Fatalf("status %d: %s", status, raw)
	}
	if n, err := env.app.CountRecords("users"); err != nil || n != 1 {
		t.Fatalf("users: %d, %v", n, err)
	}

	// below the limit the same route still answers its own errors
	status, out := env.do(http.MethodPost, "/api/collections/users/records", "", map[string]any{"email": "bad"})
	if status != http.StatusBadRequest || out["message"] != "Failed to create record." {
		t.Fatalf("small body: %d %v", status, out)
	}
}

// A token of another auth collection is refused on auth-refresh with the
// name of the token's own collection, as PocketBase words it.
func TestAuthRefreshForeignCollectionToken(t *testing.T) {
	env := newAuthEnv(t)
	status, out := env.do(http.MethodPost, "/api/collections/users/auth-refresh", env.suTok, nil)
	raw, _ := json.Marshal(out)
	if status != http.StatusForbidden || string(raw) != `{"data":{},"message":"The request requires auth record from _superusers collection.","status":403}` {
		t.Fatalf("status %d: %s", status, raw)
	}
	status, out = env.do(http.MethodPost, "/api/collections/_superusers/auth-refresh", env.token(env.user), nil)
	if status != http.StatusForbidden || out["message"] != "The request requires auth record from users collection." {
		t.Fatalf("status %d: %v", status, out)
	}
}

const msgTooLarge = `{"data":{},"message":"Request entity too large.","status":413}`

// postStreamed posts body without a Content-Length (chunked).
func postStreamed(t *testing.T, url string, body io.Reader) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, strings.TrimSpace(string(raw))
}

// apis.BodyLimit on a route answers 413 for a declared or a streamed body
// over its limit, even when the handler turns the failed read into a 400.
func TestBodyLimitRouteMiddleware(t *testing.T) {
	app := core.New(core.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		for path, limit := range map[string]int64{"/limited": 16, "/unlimited": 0} {
			se.Router.Route(http.MethodPost, path, func(e *core.RequestEvent) error {
				var body map[string]any
				if err := e.BindBody(&body); err != nil {
					return err
				}
				return e.JSON(http.StatusOK, body)
			}).Bind(apis.BodyLimit(limit))
		}
		return se.Next()
	})
	server, err := apis.NewServer(app, apis.ServeConfig{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.Handler)
	t.Cleanup(func() {
		srv.Close()
		_ = app.Terminate(false)
	})

	big := `{"a":"0123456789abcdef"}`
	for _, c := range []struct {
		path, body string
		streamed   bool
		status     int
	}{
		{"/limited", big, false, 413},
		{"/limited", big, true, 413},
		{"/limited", `{"a":1}`, true, 200},
		{"/limited", `{"a":1}`, false, 200},
		{"/unlimited", big, true, 200},
	} {
		var status int
		var raw string
		if c.streamed {
			status, raw = postStreamed(t, srv.URL+c.path, strings.NewReader(c.body))
		} else {
			res, err := http.Post(srv.URL+c.path, "application/json", strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			status, raw = res.StatusCode, strings.TrimSpace(string(b))
		}
		if status != c.status || status == 413 && raw != msgTooLarge || status == 200 && raw != strings.ReplaceAll(c.body, " ", "") {
			t.Errorf("%s %q (streamed %v): %d %s", c.path, c.body, c.streamed, status, raw)
		}
	}
}

// settings.batch.maxBodySize holds for a streamed batch body too.
func TestBatchBodyLimitStreamed(t *testing.T) {
	env := batchEnv(t)
	s, _ := env.app.Settings().Clone()
	s.Batch.Enabled, s.Batch.MaxRequests, s.Batch.MaxBodySize = true, 5, 1000
	if err := env.app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	big := `{"requests":[{"method":"POST","url":"/api/collections/notes/records","body":{"title":"` + strings.Repeat("x", 2000) + `"}}]}`
	if status, raw := postStreamed(t, env.srv.URL+"/api/batch", strings.NewReader(big)); status != http.StatusRequestEntityTooLarge || raw != msgTooLarge {
		t.Fatalf("streamed: %d %s", status, raw)
	}
	if n, _ := env.app.CountRecords("notes"); n != 0 {
		t.Fatalf("notes after the refused batch: %d", n)
	}
	status, out := env.doAny(http.MethodPost, "/api/batch", "", map[string]any{"requests": []any{br("POST", "/api/collections/notes/records")}})
	if n, _ := env.app.CountRecords("notes"); status != http.StatusOK || n != 1 {
		t.Fatalf("small batch: %d %v (notes: %d)", status, out, n)
	}
}
