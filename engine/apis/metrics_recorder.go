package apis

import (
	"math"
	"sort"
	"sync"
	"time"
)

// The request metrics keep, per route, 10-second buckets over the last
// five minutes (the sliding windows) plus cumulative totals (Prometheus
// counters). Recording is one map lookup and a short per-route lock.
const (
	metricsBucketSpan = 10 // seconds
	metricsBuckets    = 31 // 5 minutes + the bucket being filled
)

// latencyBounds are the upper bounds (seconds) of the latency histogram.
var latencyBounds = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// statusClasses indexes 1xx…5xx as 0…4.
var statusClasses = [5]string{"1xx", "2xx", "3xx", "4xx", "5xx"}

type metricsBucket struct {
	epoch  int64
	count  uint64
	sum    float64 // seconds
	hist   [17]uint64
	status [5]uint64
}

type routeSeries struct {
	mu      sync.Mutex
	buckets [metricsBuckets]metricsBucket
	total   metricsBucket // cumulative since start (epoch unused)
}

// requestMetrics records every served request by route.
type requestMetrics struct {
	routes  sync.Map // route → *routeSeries
	started time.Time
}

func newRequestMetrics() *requestMetrics { return &requestMetrics{started: time.Now()} }

func latencyIndex(seconds float64) int {
	return sort.SearchFloat64s(latencyBounds, seconds)
}

func statusIndex(status int) int {
	i := status/100 - 1
	if i < 0 || i > 4 {
		return 4
	}
	return i
}

// record adds one request of route, answered status, that took d.
func (m *requestMetrics) record(route string, status int, d time.Duration, now time.Time) {
	v, ok := m.routes.Load(route)
	if !ok {
		v, _ = m.routes.LoadOrStore(route, &routeSeries{})
	}
	s := v.(*routeSeries)
	secs := d.Seconds()
	li, si := latencyIndex(secs), statusIndex(status)
	epoch := now.Unix() / metricsBucketSpan
	s.mu.Lock()
	b := &s.buckets[epoch%metricsBuckets]
	if b.epoch != epoch {
		*b = metricsBucket{epoch: epoch}
	}
	for _, t := range []*metricsBucket{b, &s.total} {
		t.count++
		t.sum += secs
		t.hist[li]++
		t.status[si]++
	}
	s.mu.Unlock()
}

// RouteWindow is one route's figures over a window.
type RouteWindow struct {
	Route    string            `json:"route"`
	Requests uint64            `json:"requests"`
	Rate     float64           `json:"rate"` // requests per second
	AvgMs    float64           `json:"avgMs"`
	P50Ms    float64           `json:"p50Ms"`
	P90Ms    float64           `json:"p90Ms"`
	P99Ms    float64           `json:"p99Ms"`
	Status   map[string]uint64 `json:"status"`
}

// window sums every route's buckets of the last `seconds` (bucket
// granularity), busiest routes first, plus the all-routes total.
func (m *requestMetrics) window(seconds int64, now time.Time) (RouteWindow, []RouteWindow) {
	from := now.Unix()/metricsBucketSpan - seconds/metricsBucketSpan
	all := metricsBucket{}
	out := []RouteWindow{}
	m.routes.Range(func(k, v any) bool {
		s := v.(*routeSeries)
		sum := metricsBucket{}
		s.mu.Lock()
		for i := range s.buckets {
			if b := &s.buckets[i]; b.epoch > from && b.count > 0 {
				addBucket(&sum, b)
			}
		}
		s.mu.Unlock()
		if sum.count > 0 {
			addBucket(&all, &sum)
			out = append(out, summarize(k.(string), &sum, seconds))
		}
		return true
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Requests != out[j].Requests {
			return out[i].Requests > out[j].Requests
		}
		return out[i].Route < out[j].Route
	})
	return summarize("*", &all, seconds), out
}

func addBucket(dst, src *metricsBucket) {
	dst.count += src.count
	dst.sum += src.sum
	for i := range src.hist {
		dst.hist[i] += src.hist[i]
	}
	for i := range src.status {
		dst.status[i] += src.status[i]
	}
}

func summarize(route string, b *metricsBucket, seconds int64) RouteWindow {
	w := RouteWindow{Route: route, Requests: b.count, Status: map[string]uint64{}}
	for i, n := range b.status {
		w.Status[statusClasses[i]] = n
	}
	if b.count == 0 {
		return w
	}
	w.Rate = float64(b.count) / float64(seconds)
	w.AvgMs = b.sum / float64(b.count) * 1000
	w.P50Ms, w.P90Ms, w.P99Ms = quantile(b, 0.5), quantile(b, 0.9), quantile(b, 0.99)
	return w
}

// quantile estimates the q-quantile (ms) by linear interpolation inside
// the histogram bucket that holds it.
func quantile(b *metricsBucket, q float64) float64 {
	rank := q * float64(b.count)
	var seen float64
	for i, n := range b.hist {
		if n == 0 {
			continue
		}
		if seen+float64(n) >= rank {
			lo := 0.0
			if i > 0 {
				lo = latencyBounds[i-1]
			}
			hi := lo * 2
			if i < len(latencyBounds) {
				hi = latencyBounds[i]
			}
			frac := (rank - seen) / float64(n)
			return math.Round((lo+(hi-lo)*frac)*1e6) / 1e3
		}
		seen += float64(n)
	}
	return 0
}

// totals calls fn with each route's cumulative figures (for Prometheus).
func (m *requestMetrics) totals(fn func(route string, b metricsBucket)) {
	m.routes.Range(func(k, v any) bool {
		s := v.(*routeSeries)
		s.mu.Lock()
		b := s.total
		s.mu.Unlock()
		fn(k.(string), b)
		return true
	})
}

// seriesPoint is every route's figures in one bucket of the sliding window.
type seriesPoint struct {
	Time int64 `json:"t"` // unix seconds at the bucket's start
	RouteWindow
}

// series is the all-routes figures of each bucket of the last `seconds`,
// oldest first, empty buckets included, so the dashboard can chart rate,
// latency and status classes over the window without polling history.
func (m *requestMetrics) series(seconds int64, now time.Time) []seriesPoint {
	last := now.Unix() / metricsBucketSpan
	n := seconds / metricsBucketSpan
	sums := make([]metricsBucket, n)
	m.routes.Range(func(_, v any) bool {
		s := v.(*routeSeries)
		s.mu.Lock()
		for i := range s.buckets {
			b := &s.buckets[i]
			if k := last - b.epoch; b.count > 0 && k >= 0 && k < n {
				addBucket(&sums[n-1-k], b)
			}
		}
		s.mu.Unlock()
		return true
	})
	out := make([]seriesPoint, n)
	for i := range sums {
		epoch := last - n + 1 + int64(i)
		// the newest bucket is still filling: its rate is over the part elapsed
		span := int64(metricsBucketSpan)
		if epoch == last {
			span = max(1, now.Unix()-epoch*metricsBucketSpan+1)
		}
		w := summarize("*", &sums[i], span)
		w.Route = ""
		out[i] = seriesPoint{Time: epoch * metricsBucketSpan, RouteWindow: w}
	}
	return out
}
