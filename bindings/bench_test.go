package bindings_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/bindings"
	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
)

// newServer builds an in-process app with the given hook scripts, a Go
// route /bench/go and a "posts" collection anyone may create in.
func newServer(tb testing.TB, scripts map[string]string) http.Handler {
	tb.Helper()
	dir := tb.TempDir()
	hooksDir := filepath.Join(dir, "pb_hooks")
	if err := os.MkdirAll(hooksDir, 0o755); err != nil {
		tb.Fatal(err)
	}
	for name, src := range scripts {
		if err := os.WriteFile(filepath.Join(hooksDir, name), []byte(src), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	app := core.New(core.Config{DataDir: filepath.Join(dir, "pb_data"), Logger: logger})
	b := bindings.New(app, bindings.Options{})
	m := jsvm.NewManager(b.JSVMOptions(jsvm.Options{HooksDir: hooksDir, PoolSize: 15, Timeout: 30 * time.Second}))
	if err := m.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = m.Close() })
	if err := app.Bootstrap(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = app.ResetBootstrapState() })

	posts := &core.Collection{}
	raw := `{"name":"posts","type":"base","createRule":"","fields":[{"type":"text","name":"title"}]}`
	if err := json.Unmarshal([]byte(raw), posts); err != nil {
		tb.Fatal(err)
	}
	if err := app.Save(posts); err != nil {
		tb.Fatal(err)
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Route("GET", "/bench/go", func(e *core.RequestEvent) error {
			return e.JSON(200, map[string]any{"ok": true})
		})
		return se.Next()
	})
	srv, err := apis.NewServer(app, apis.ServeConfig{})
	if err != nil {
		tb.Fatal(err)
	}
	return srv.Handler
}

// the hello route of ../shared/bench (PocketBase: 11.3k req/s on 2 cores)
const helloJS = `routerAdd("GET", "/bench/js", (e) => e.json(200, { ok: true }))`

func serve(tb testing.TB, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, reader)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 300 {
		tb.Errorf("%s %s: %d %s", method, path, rec.Code, rec.Body) // Errorf: also called from goroutines
	}
	return rec
}

func benchRoute(b *testing.B, path string) {
	h := newServer(b, map[string]string{"hello.pb.js": helloJS})
	serve(b, h, "GET", path, "")
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			serve(b, h, "GET", path, "")
		}
	})
}

// BenchmarkRouteGo and BenchmarkRouteJS compare the same hello route.
func BenchmarkRouteGo(b *testing.B) { benchRoute(b, "/bench/go") }
func BenchmarkRouteJS(b *testing.B) { benchRoute(b, "/bench/js") }

func benchCreate(b *testing.B, scripts map[string]string) {
	h := newServer(b, scripts)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		serve(b, h, "POST", "/api/collections/posts/records", `{"title":"hello"}`)
	}
}

// BenchmarkCreateNoHook and BenchmarkCreateJSHook measure the cost of a
// JS onRecordCreateRequest handler on record creation.
func BenchmarkCreateNoHook(b *testing.B) { benchCreate(b, nil) }
func BenchmarkCreateJSHook(b *testing.B) {
	benchCreate(b, map[string]string{"hook.pb.js": `onRecordCreateRequest((e) => { e.record.set("title", e.record.get("title") + "!"); e.next() }, "posts")`})
}

func TestBenchServerWorks(t *testing.T) {
	h := newServer(t, map[string]string{"hello.pb.js": helloJS,
		"hook.pb.js": `onRecordCreateRequest((e) => { e.record.set("title", e.record.get("title") + "!"); e.next() }, "posts")`})
	if got := serve(t, h, "GET", "/bench/js", "").Body.String(); !strings.Contains(got, `"ok":true`) {
		t.Fatalf("js route: %s", got)
	}
	if got := serve(t, h, "POST", "/api/collections/posts/records", `{"title":"a"}`).Body.String(); !strings.Contains(got, `"title":"a!"`) {
		t.Fatalf("create with hook: %s", got)
	}
}

// benchHTTP runs the same comparison over loopback HTTP (keep-alive
// clients), which is how the server is really used: the per-request cost
// of the network and HTTP parsing is part of both routes.
func benchHTTP(b *testing.B, path string) {
	h := newServer(b, map[string]string{"hello.pb.js": helloJS})
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Get(srv.URL + path)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}

func BenchmarkHTTPRouteGo(b *testing.B) { benchHTTP(b, "/bench/go") }
func BenchmarkHTTPRouteJS(b *testing.B) { benchHTTP(b, "/bench/js") }

// TestConcurrentRequests runs JS routes and JS hooks from many goroutines
// at once (meant for -race).
func TestConcurrentRequests(t *testing.T) {
	h := newServer(t, map[string]string{"hello.pb.js": helloJS,
		"hook.pb.js": `onRecordCreateRequest((e) => { e.record.set("title", e.record.get("title") + "!"); e.next() }, "posts")`})
	done := make(chan struct{})
	for i := 0; i < 16; i++ {
		go func(i int) {
			defer func() { done <- struct{}{} }()
			for j := 0; j < 20; j++ {
				if i%2 == 0 {
					serve(t, h, "GET", "/bench/js", "")
				} else {
					serve(t, h, "POST", "/api/collections/posts/records", `{"title":"x"}`)
				}
			}
		}(i)
	}
	for i := 0; i < 16; i++ {
		<-done
	}
}
