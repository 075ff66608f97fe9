package apis

import (
	"crypto/subtle"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
)

// appMetrics is the request recorder of each app (shared by the servers
// built for it, so a test server and Serve count alike).
var appMetrics sync.Map // *core.App (root) → *requestMetrics

func metricsOf(app *core.App) *requestMetrics {
	root := app.NonTransactional()
	if v, ok := appMetrics.Load(root); ok {
		return v.(*requestMetrics)
	}
	v, _ := appMetrics.LoadOrStore(root, newRequestMetrics())
	return v.(*requestMetrics)
}

// statusWriter remembers the status sent; Unwrap keeps
// http.ResponseController (flush, hijack for realtime) working.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// traceRouteName is the metrics name of a route ("GET /api/health"),
// built once at registration; "" for a route of any method, whose name
// depends on the request (see setTraceRoute).
func traceRouteName(method, path string) string {
	if method == "" || method == "ANY" || method == "*" {
		return ""
	}
	return method + " " + path
}

// setTraceRoute names the matched route for the metrics: name when the
// route has one method, else the request's method and path pattern.
func setTraceRoute(req *http.Request, name, path string) {
	if t := core.RequestTraceFromContext(req.Context()); t != nil {
		if name == "" {
			name = req.Method + " " + path
		}
		t.Route = name
	}
}

// bindMetricsApi registers the metrics endpoints.
func bindMetricsApi(r *Router) {
	r.GET("/api/metrics", metricsJSON).BindFunc(cronsRequireSuperuser)
	r.GET("/api/metrics/prometheus", metricsPrometheus)
}

// cpuSampler remembers the previous CPU reading so that each metrics read
// reports the CPU use since the one before (and since start).
var cpuSampler struct {
	mu       sync.Mutex
	lastCPU  time.Duration
	lastWall time.Time
}

func cpuPercentSinceLastRead(now time.Time, cpu time.Duration) float64 {
	cpuSampler.mu.Lock()
	defer cpuSampler.mu.Unlock()
	pct := 0.0
	if !cpuSampler.lastWall.IsZero() {
		if wall := now.Sub(cpuSampler.lastWall); wall > 0 {
			pct = float64(cpu-cpuSampler.lastCPU) / float64(wall) * 100
		}
	}
	cpuSampler.lastCPU, cpuSampler.lastWall = cpu, now
	return pct
}

// processFigures are the runtime figures shared by both formats.
func processFigures(app *core.App) map[string]any {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	now := time.Now()
	cpu := processCPU()
	dbs := map[string]any{}
	for name, st := range app.DBStats() {
		dbs[name] = map[string]any{"open": st.OpenConnections, "inUse": st.InUse, "idle": st.Idle, "waitCount": st.WaitCount}
	}
	lastPause := 0.0
	if ms.NumGC > 0 {
		lastPause = float64(ms.PauseNs[(ms.NumGC+255)%256]) / 1e6
	}
	return map[string]any{
		"uptimeSeconds":   now.Sub(metricsOf(app).started).Seconds(),
		"cpuSeconds":      cpu.Seconds(),
		"cpuPercent":      cpuPercentSinceLastRead(now, cpu),
		"rssBytes":        processRSS(),
		"goroutines":      runtime.NumGoroutine(),
		"heapAllocBytes":  ms.HeapAlloc,
		"heapSysBytes":    ms.HeapSys,
		"gcCount":         ms.NumGC,
		"gcPauseTotalMs":  float64(ms.PauseTotalNs) / 1e6,
		"gcLastPauseMs":   lastPause,
		"gcCPUFraction":   ms.GCCPUFraction,
		"dbConnections":   dbs,
		"realtimeClients": app.SubscriptionsBroker().TotalClients(),
		"extra":           app.MetricsSources(),
	}
}

// metricsJSON answers the process figures and the request figures over
// the last minute and the last five minutes, and the latter bucket by bucket.
func metricsJSON(e *core.RequestEvent) error {
	if !e.App.Settings().Observability.MetricsEnabled {
		// no request figures rather than stale ones: nothing is recorded
		return e.JSON(http.StatusOK, map[string]any{
			"metricsEnabled": false,
			"message":        "Request metrics are off (settings.observability.metricsEnabled); process figures only.",
			"process":        processFigures(e.App),
			"requests":       nil,
			"series":         nil,
			"logs":           e.App.LogsWriter().Stats(),
		})
	}
	m := metricsOf(e.App)
	now := time.Now()
	windows := map[string]any{}
	for name, secs := range map[string]int64{"1m": 60, "5m": 300} {
		total, routes := m.window(secs, now)
		windows[name] = map[string]any{"total": total, "routes": routes}
	}
	return e.JSON(http.StatusOK, map[string]any{
		"metricsEnabled": true,
		"process":        processFigures(e.App),
		"requests":       windows,
		// 10-second buckets of the 5-minute window, for charts
		"series": m.series(300, now),
		// the request log writer: rows pending, written and dropped
		// (a full queue drops rows rather than slowing requests)
		"logs": e.App.LogsWriter().Stats(),
	})
}

// metricsPrometheus serves the Prometheus text format when the setting
// is on, to a scraper with the configured Bearer token or a superuser.
func metricsPrometheus(e *core.RequestEvent) error {
	cfg := e.App.Settings().Observability
	if !cfg.PrometheusEnabled {
		return router.NewNotFoundError("", nil)
	}
	if !(e.Auth != nil && e.Auth.IsSuperuser()) {
		given := strings.TrimSpace(e.Request.Header.Get("Authorization"))
		if len(given) > 7 && strings.EqualFold(given[:7], "bearer ") {
			given = strings.TrimSpace(given[7:])
		}
		if cfg.PrometheusToken == "" || subtle.ConstantTimeCompare([]byte(given), []byte(cfg.PrometheusToken)) != 1 {
			return router.NewUnauthorizedError("The request requires a valid metrics token.", nil)
		}
	}
	prometheusHandler(e.App).ServeHTTP(e.Response, e.Request)
	return nil
}
