package apis

import (
	"net/http"
	"time"
)

// RequestGateWait is how long a request waits for a backup restore to
// finish swapping the data dir before it is answered 503.
var RequestGateWait = 30 * time.Second

// gateExempt are long-lived requests that never touch the databases
// while open (the realtime stream); a restore must not wait for them.
func gateExempt(req *http.Request) bool {
	return req.Method == http.MethodGet && req.URL.Path == "/api/realtime"
}

// writePaused answers a request that waited RequestGateWait for a restore
// to finish swapping the data dir (see withRequestEntry).
func writePaused(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After", "5")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(`{"status":503,"message":"The server is restoring a backup, try again later.","data":{}}`))
}
