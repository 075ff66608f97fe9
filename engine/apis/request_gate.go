package apis

import (
	"context"
	"net/http"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

// RequestGateWait is how long a request waits for a backup restore to
// finish swapping the data dir before it is answered 503.
var RequestGateWait = 30 * time.Second

// gateExempt are long-lived requests that never touch the databases
// while open (the realtime stream); a restore must not wait for them.
var gateExempt = map[string]bool{"GET /api/realtime": true}

// withRequestGate runs every request inside the app's RequestGate, so
// that a restore can pause the app: requests arriving during the swap
// wait for it (or get 503 after RequestGateWait), none sees the data
// half-swapped.
func withRequestGate(app *core.App, next http.Handler) http.Handler {
	gate := app.RequestGate()
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if gateExempt[req.Method+" "+req.URL.Path] {
			next.ServeHTTP(w, req)
			return
		}
		waitCtx, cancel := context.WithTimeout(req.Context(), RequestGateWait)
		ctx, release, err := gate.Enter(waitCtx, req.Context())
		cancel()
		if err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":503,"message":"The server is restoring a backup, try again later.","data":{}}`))
			return
		}
		defer release()
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}
