package bindings_test

import (
	"net/http/httptest"
	"syscall"
	"testing"
	"time"
)

// BenchmarkHealthFullStack is one GET /api/health through everything the
// binary runs for it: the outermost handler (request id, gate, metrics),
// the JS router in front of echo, echo's middlewares, the route's hook
// chain (activity logger included) and the handler. allocs/op is the
// figure to compare; cpu-us/op is the process's CPU time per request (the
// log rows' background writes included), which a loaded machine disturbs
// less than ns/op.
func BenchmarkHealthFullStack(b *testing.B) {
	h := newServer(b, map[string]string{"hello.pb.js": helloJS})
	serve(b, h, "GET", "/api/health", "")
	b.ReportAllocs()
	rec := httptest.NewRecorder()
	cpu0 := processCPUTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", "/api/health", nil)
		rec.Body.Reset()
		h.ServeHTTP(rec, req)
	}
	b.StopTimer()
	time.Sleep(1500 * time.Millisecond) // the logs writer flushes what the run queued
	b.ReportMetric(float64((processCPUTime()-cpu0).Microseconds())/float64(b.N), "cpu-us/op")
}

func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
