package apis

import (
	"net/http"
	"sync"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var prometheusHandlers sync.Map // *core.App (root) → http.Handler

// prometheusHandler is the app's scrape handler: Go runtime and process
// collectors plus hookbase's own, all read at scrape time from the same
// figures /api/metrics shows (nothing extra on the request path).
func prometheusHandler(app *core.App) http.Handler {
	root := app.NonTransactional()
	if h, ok := prometheusHandlers.Load(root); ok {
		return h.(http.Handler)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&hookbaseCollector{app: root},
	)
	h, _ := prometheusHandlers.LoadOrStore(root, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return h.(http.Handler)
}

var (
	descRequests = prometheus.NewDesc("hookbase_http_requests_total",
		"HTTP requests served, by route pattern and status class.", []string{"route", "status"}, nil)
	descDuration = prometheus.NewDesc("hookbase_http_request_duration_seconds",
		"HTTP request durations, by route pattern.", []string{"route"}, nil)
	descDBConns = prometheus.NewDesc("hookbase_db_open_connections",
		"Open connections of each database pool.", []string{"db"}, nil)
	descDBInUse = prometheus.NewDesc("hookbase_db_in_use_connections",
		"Connections in use of each database pool.", []string{"db"}, nil)
	descRealtime = prometheus.NewDesc("hookbase_realtime_clients",
		"Connected realtime (SSE) clients.", nil, nil)
	descLogsWritten = prometheus.NewDesc("hookbase_logs_written_total",
		"Log rows saved to _logs.", nil, nil)
	descLogsDropped = prometheus.NewDesc("hookbase_logs_dropped_total",
		"Log rows dropped because the logs writer's queue was full.", nil, nil)
	descLogsPending = prometheus.NewDesc("hookbase_logs_pending",
		"Log rows waiting in the logs writer's queue.", nil, nil)
	descExtra = prometheus.NewDesc("hookbase_component",
		"Figures published by components (e.g. the JS runtime pool).", []string{"component", "figure"}, nil)
)

type hookbaseCollector struct{ app *core.App }

func (c *hookbaseCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRequests, descDuration, descDBConns, descDBInUse, descRealtime, descLogsWritten, descLogsDropped, descLogsPending, descExtra} {
		ch <- d
	}
}

func (c *hookbaseCollector) Collect(ch chan<- prometheus.Metric) {
	if c.app.Settings().Observability.MetricsEnabled {
		c.collectRequests(ch)
	}
	c.collectProcess(ch)
}

// collectRequests sends the request counters and latency histograms.
func (c *hookbaseCollector) collectRequests(ch chan<- prometheus.Metric) {
	metricsOf(c.app).totals(func(route string, b metricsBucket) {
		for i, n := range b.status {
			if n > 0 {
				ch <- prometheus.MustNewConstMetric(descRequests, prometheus.CounterValue, float64(n), route, statusClasses[i])
			}
		}
		buckets := make(map[float64]uint64, len(latencyBounds))
		var cum uint64
		for i, bound := range latencyBounds {
			cum += b.hist[i]
			buckets[bound] = cum
		}
		ch <- prometheus.MustNewConstHistogram(descDuration, b.count, b.sum, buckets, route)
	})
}

// collectProcess sends the figures that do not depend on the recorder.
func (c *hookbaseCollector) collectProcess(ch chan<- prometheus.Metric) {
	for name, st := range c.app.DBStats() {
		ch <- prometheus.MustNewConstMetric(descDBConns, prometheus.GaugeValue, float64(st.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(descDBInUse, prometheus.GaugeValue, float64(st.InUse), name)
	}
	ch <- prometheus.MustNewConstMetric(descRealtime, prometheus.GaugeValue, float64(c.app.SubscriptionsBroker().TotalClients()))
	logs := c.app.LogsWriter().Stats()
	ch <- prometheus.MustNewConstMetric(descLogsWritten, prometheus.CounterValue, float64(logs.Written))
	ch <- prometheus.MustNewConstMetric(descLogsDropped, prometheus.CounterValue, float64(logs.Dropped))
	ch <- prometheus.MustNewConstMetric(descLogsPending, prometheus.GaugeValue, float64(logs.Pending))
	for comp, figures := range c.app.MetricsSources() {
		for fig, v := range figures {
			ch <- prometheus.MustNewConstMetric(descExtra, prometheus.GaugeValue, v, comp, fig)
		}
	}
}
