package bindings_test

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkHealthFullStack is one GET /api/health through everything the
// binary runs for it: the observability and request-gate wrappers, the JS
// router in front of echo, echo's middlewares, the route's hook chain
// (activity logger included) and the handler. allocs/op is the figure to
// watch (ns/op depends on the machine's load).
func BenchmarkHealthFullStack(b *testing.B) {
	h := newServer(b, map[string]string{"hello.pb.js": helloJS})
	serve(b, h, "GET", "/api/health", "")
	b.ReportAllocs()
	b.ResetTimer()
	rec := httptest.NewRecorder()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", "/api/health", nil)
		rec.Body.Reset()
		h.ServeHTTP(rec, req)
	}
}
