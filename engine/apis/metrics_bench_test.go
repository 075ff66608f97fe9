package apis

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

func newBenchApp(tb testing.TB) *core.App {
	tb.Helper()
	app := core.New(core.Config{DataDir: tb.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = app.ResetBootstrapState() })
	return app
}

// BenchmarkObservabilityHotPath is the per-request cost of the outermost
// handler (request id, request gate, route metrics) around a handler that
// does nothing, against the bare handler, with the metrics on and off.
func BenchmarkObservabilityHotPath(b *testing.B) {
	noop := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		setTraceRoute(req, "GET /api/health", "/api/health")
		w.WriteHeader(http.StatusOK)
	})
	run := func(b *testing.B, h http.Handler) {
		req := httptest.NewRequest("GET", "/api/health", nil)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			w := httptest.NewRecorder()
			for pb.Next() {
				h.ServeHTTP(w, req)
			}
		})
	}
	b.Run("bare", func(b *testing.B) { run(b, noop) })
	app := newBenchApp(b)
	entry := withRequestEntry(app, noop)
	b.Run("entry", func(b *testing.B) { run(b, entry) })
	settings, _ := app.Settings().Clone()
	settings.Observability.MetricsEnabled = false
	if err := app.SaveSettings(settings); err != nil {
		b.Fatal(err)
	}
	b.Run("entry-metrics-off", func(b *testing.B) { run(b, entry) })
}

func TestRequestMetricsWindowsAndQuantiles(t *testing.T) {
	m := newRequestMetrics()
	now := time.Now()
	for i := 0; i < 90; i++ {
		m.record("GET /a", 200, 2*time.Millisecond, now)
	}
	for i := 0; i < 10; i++ {
		m.record("GET /a", 500, 400*time.Millisecond, now)
	}
	// an old request falls out of the 1m window but not the 5m one
	m.record("GET /a", 404, time.Millisecond, now.Add(-2*time.Minute))
	total, routes := m.window(60, now)
	if total.Requests != 100 || len(routes) != 1 || routes[0].Status["5xx"] != 10 || routes[0].Status["4xx"] != 0 {
		t.Fatalf("1m window %+v %+v", total, routes)
	}
	if p50 := routes[0].P50Ms; p50 < 1 || p50 > 2.5 {
		t.Fatalf("p50 %v", p50)
	}
	if p99 := routes[0].P99Ms; p99 < 250 || p99 > 500 {
		t.Fatalf("p99 %v", p99)
	}
	if total5, _ := m.window(300, now); total5.Requests != 101 {
		t.Fatalf("5m window %+v", total5)
	}
}

func TestRequestMetricsSeries(t *testing.T) {
	m := newRequestMetrics()
	now := time.Unix(1_700_000_005, 0) // 5 s into a bucket
	for i := 0; i < 4; i++ {
		m.record("GET /a", 200, 3*time.Millisecond, now)
	}
	m.record("GET /b", 503, time.Millisecond, now)
	m.record("GET /a", 404, time.Millisecond, now.Add(-time.Minute))
	m.record("GET /a", 200, time.Millisecond, now.Add(-10*time.Minute)) // outside the window
	s := m.series(300, now)
	if len(s) != 30 {
		t.Fatalf("%d points, want 30", len(s))
	}
	lastPt, minuteAgo := s[29], s[23]
	if lastPt.Time != 1_700_000_000 || lastPt.Requests != 5 || lastPt.Status["5xx"] != 1 || lastPt.Status["2xx"] != 4 {
		t.Fatalf("newest point %+v", lastPt)
	}
	// the newest bucket's rate is over the 6 seconds elapsed in it
	if lastPt.Rate != 5.0/6 {
		t.Fatalf("newest rate %v", lastPt.Rate)
	}
	if minuteAgo.Time != 1_700_000_000-60 || minuteAgo.Requests != 1 || minuteAgo.Status["4xx"] != 1 || minuteAgo.Rate != 0.1 {
		t.Fatalf("a minute ago %+v", minuteAgo)
	}
	total := uint64(0)
	for _, p := range s {
		total += p.Requests
	}
	if total != 6 || s[0].Time != 1_700_000_000-290 {
		t.Fatalf("total %d, first point at %d", total, s[0].Time)
	}
}
