package apis

import (
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/security"
)

// RequestIdHeader carries the id of a request both ways.
const RequestIdHeader = "X-Request-Id"

const requestIdMaxLen = 128

// validRequestId accepts an incoming id that is safe to echo and to log:
// 1-128 visible ASCII letters, digits and "-_.:" (no spaces, no quotes).
func validRequestId(id string) bool {
	if id == "" || len(id) > requestIdMaxLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':':
		default:
			return false
		}
	}
	return true
}

// withRequestId gives every request an id: a valid incoming X-Request-Id
// is kept (a proxy's trace id), anything else is replaced by a fresh one.
// The id is answered in X-Request-Id and carried in the request context
// into the activity log and the JS handlers' $app.logger().
func withRequestId(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		id := req.Header.Get(RequestIdHeader)
		if !validRequestId(id) {
			id = security.RandomStringWithAlphabet(20, "abcdefghijklmnopqrstuvwxyz0123456789")
			req.Header.Set(RequestIdHeader, id)
		}
		w.Header().Set(RequestIdHeader, id)
		next.ServeHTTP(w, req.WithContext(core.ContextWithRequestId(req.Context(), id)))
	})
}
