package bindings_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// json() and next() of request events are native functions of the event
// prototype (not goja's reflection of the Go methods); they must behave as
// the Go methods did: arguments, a null body, the status, and a Go error
// from the rest of the chain thrown as a catchable JS error. Unlike a
// reflected Go method they are not bound: detached from the event they
// throw a clear error.
func TestEventPrototypeJSONAndNext(t *testing.T) {
	h := newServer(t, map[string]string{"proto.pb.js": `
routerAdd("GET", "/proto/null", (e) => e.json(201, null))
routerAdd("GET", "/proto/array", (e) => e.json(200, [1, "two", { three: 3 }]))
routerAdd("GET", "/proto/fails", (e) => { throw new BadRequestError("nope") }, (e) => {
	try {
		e.next()
	} catch (err) {
		return e.json(418, { caught: String(err), hasNext: typeof e.next, hasJSON: typeof e.json })
	}
})
routerAdd("GET", "/proto/detached", (e) => {
	const json = e.json
	try { json(200, {}) } catch (err) { return e.json(200, { detached: String(err) }) }
})
`})
	rec := serve(t, h, "GET", "/proto/null", "")
	if rec.Code != 201 || strings.TrimSpace(rec.Body.String()) != "null" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("null: %d %q %q", rec.Code, rec.Body, rec.Header())
	}
	if got := strings.TrimSpace(serve(t, h, "GET", "/proto/array", "").Body.String()); got != `[1,"two",{"three":3}]` {
		t.Fatalf("array: %s", got)
	}
	req := serveAny(t, h, "GET", "/proto/fails")
	if req.Code != 418 || !strings.Contains(req.Body.String(), `"caught":"GoError: Nope."`) || !strings.Contains(req.Body.String(), `"hasJSON":"function","hasNext":"function"`) {
		t.Fatalf("caught next error: %d %s", req.Code, req.Body)
	}
	if got := serve(t, h, "GET", "/proto/detached", "").Body.String(); !strings.Contains(got, "not called on a request event") {
		t.Fatalf("detached json: %s", got)
	}
}

// serveAny is serve for requests whose answer may be an error status.
func serveAny(tb testing.TB, h http.Handler, method, path string) *httptest.ResponseRecorder {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}
