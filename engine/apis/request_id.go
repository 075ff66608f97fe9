package apis

import (
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

// newRequestId is the id given to a request that brought no valid one.
func newRequestId() string {
	return security.RandomStringWithAlphabet(20, "abcdefghijklmnopqrstuvwxyz0123456789")
}
