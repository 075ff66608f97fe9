package apis

import (
	"net/http"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

// requestEntry is what the outermost handler allocates for a request, in
// one piece: the trace carried in its context (id, matched route, place in
// the request gate) and the status recorder of the metrics.
type requestEntry struct {
	trace core.RequestTrace
	sw    statusWriter
}

// withRequestEntry is the outermost handler of every server. It gives the
// request an id (a valid incoming X-Request-Id is kept, e.g. a proxy's
// trace id; anything else is replaced), answered in X-Request-Id and
// carried into the activity log and the JS handlers' $app.logger(); it
// lets the request through the app's RequestGate, so that a backup
// restore can pause requests; and, when settings.observability.
// metricsEnabled is on, it records the request's route, status and
// duration (off, the recorder is not in the path at all).
func withRequestEntry(app *core.App, next http.Handler) http.Handler {
	gate := app.RequestGate()
	m := metricsOf(app)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		entry := &requestEntry{}
		id := req.Header.Get(RequestIdHeader)
		if validRequestId(id) {
			w.Header()[RequestIdHeader] = []string{id}
		} else {
			id = newRequestId()
			// one slice for both headers: Set and Add replace it rather
			// than write into it
			values := []string{id}
			req.Header[RequestIdHeader] = values
			w.Header()[RequestIdHeader] = values
		}
		entry.trace.Id = id
		req = req.WithContext(core.ContextWithRequestTrace(req.Context(), &entry.trace))

		metricsOn := app.Settings().Observability.MetricsEnabled
		var start time.Time
		if metricsOn {
			start = time.Now()
			entry.sw.ResponseWriter = w
			w = &entry.sw
		}

		if gateExempt(req) {
			next.ServeHTTP(w, req)
		} else if err := gate.EnterTrace(req.Context(), &entry.trace, RequestGateWait); err != nil {
			writePaused(w)
		} else {
			func() {
				defer gate.LeaveTrace(&entry.trace)
				next.ServeHTTP(w, req)
			}()
		}

		if metricsOn {
			route := entry.trace.Route
			if route == "" {
				route = "unmatched"
			}
			status := entry.sw.status
			if status == 0 {
				status = http.StatusOK
			}
			end := time.Now()
			m.record(route, status, end.Sub(start), end)
		}
	})
}
