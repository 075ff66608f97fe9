package bindings_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	h, _ := newServerWith(tb, scripts, 15, 0)
	return h
}

// newServerWith is newServer with a chosen runtime pool and bound (0: the
// default), also returning the JS manager to inspect its pool.
func newServerWith(tb testing.TB, scripts map[string]string, pool, maxRuntimes int) (http.Handler, *jsvm.Manager) {
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
	m := jsvm.NewManager(b.JSVMOptions(jsvm.Options{HooksDir: hooksDir, PoolSize: pool, MaxRuntimes: maxRuntimes, Timeout: 30 * time.Second}))
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
	return srv.Handler, m
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

// the query route of ../shared/bench: 20 records through $app and e.json
const queryJS = `routerAdd("GET", "/bench/query", (e) => {
	const recs = $app.findRecordsByFilter("posts", "title != {:t}", "-title", 20, 0, { t: "" })
	return e.json(200, recs)
})`

// BenchmarkRouteJSQuery measures a JS route reading 20 records (of 500).
func BenchmarkRouteJSQuery(b *testing.B) {
	h := newServer(b, map[string]string{"query.pb.js": queryJS})
	for i := range 500 {
		serve(b, h, "POST", "/api/collections/posts/records", fmt.Sprintf(`{"title":"post %d"}`, i))
	}
	if got := serve(b, h, "GET", "/bench/query", "").Body.String(); strings.Count(got, `"collectionName":"posts"`) != 20 {
		b.Fatalf("query route: %s", got)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			serve(b, h, "GET", "/bench/query", "")
		}
	})
}

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
// at once (meant for -race); every answer must be the one its request asked
// for, not only a 200.
func TestConcurrentRequests(t *testing.T) {
	h := newServer(t, map[string]string{"hello.pb.js": helloJS,
		"hook.pb.js": `onRecordCreateRequest((e) => { e.record.set("title", e.record.get("title") + "!"); e.next() }, "posts")`})
	done := make(chan struct{})
	for i := 0; i < 16; i++ {
		go func(i int) {
			defer func() { done <- struct{}{} }()
			for j := 0; j < 20; j++ {
				if i%2 == 0 {
					rec := serve(t, h, "GET", "/bench/js", "")
					if body := strings.TrimSpace(rec.Body.String()); body != `{"ok":true}` {
						t.Errorf("GET /bench/js answered %s", body)
					}
					continue
				}
				title := fmt.Sprintf("t%d-%d", i, j)
				rec := serve(t, h, "POST", "/api/collections/posts/records", `{"title":"`+title+`"}`)
				var got struct{ Id, Title string }
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Title != title+"!" || got.Id == "" {
					t.Errorf("create %q answered %s", title, rec.Body)
				}
			}
		}(i)
	}
	for i := 0; i < 16; i++ {
		<-done
	}
}

// TestBurstOnSmallPool sends 200 JS requests at once to a pool of 2 runtimes
// bounded at 4: none fails, each gets the answer for its own path, and the
// generation never holds more runtimes than the bound.
func TestBurstOnSmallPool(t *testing.T) {
	h, m := newServerWith(t, map[string]string{"burst.pb.js": `
routerAdd("GET", "/burst/{n}", async (e) => {
	const n = Number(e.request.pathValue("n"));
	await new Promise((resolve) => setTimeout(resolve, 2));
	return e.json(200, { n: n, double: n * 2 });
});`}, 2, 4)

	const burst = 200
	var wg sync.WaitGroup
	for i := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := serve(t, h, "GET", fmt.Sprintf("/burst/%d", i), "")
			var got struct{ N, Double int }
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.N != i || got.Double != 2*i {
				t.Errorf("request %d answered %d %s", i, rec.Code, rec.Body)
			}
		}()
	}
	wg.Wait()
	st := m.Current().PoolStats()
	if st.Max != 4 || st.Peak > 4 || st.Live > 4 || st.Waiting != 0 {
		t.Fatalf("pool stats after the burst: %+v", st)
	}
	if st.Peak < 3 {
		t.Fatalf("the burst never needed an extra runtime: %+v", st)
	}
}
