package bindings

import (
	"net/http/httptest"
	"testing"
)

// A request goes past the JS route table only when its path starts with
// the static beginning of some JS route; anything a route could match
// must still reach the table (parameters, wildcards, escaped paths).
func TestRouteTableMayMatch(t *testing.T) {
	rt := &routeTable{}
	for _, p := range []string{"/bench/hello", "/api/items/{id}", "/files/{path...}", "/caf%C3%A9/:x"} {
		rt.prefixes = append(rt.prefixes, routePrefix(p))
	}
	for target, want := range map[string]bool{
		"/bench/hello":                   true,
		"/bench/hello?x=1":               true,
		"/api/items/abc":                 true,
		"/api/items/":                    true,
		"/files/a/b/c.txt":               true,
		"/caf%C3%A9/1":                   true,
		"/api/health":                    false,
		"/api/collections/posts/records": false,
		"/bench/query":                   false,
		"/":                              false,
		"/benchmark":                     false,
		"/api/items":                     false,
	} {
		if got := rt.mayMatch(httptest.NewRequest("GET", target, nil)); got != want {
			t.Errorf("mayMatch(%q) = %v, want %v", target, got, want)
		}
	}
	catchAll := &routeTable{prefixes: []string{routePrefix("/{path...}")}}
	if !catchAll.mayMatch(httptest.NewRequest("GET", "/api/health", nil)) {
		t.Error("a catch-all route must see every request")
	}
}
