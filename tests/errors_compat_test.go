package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// Unsupported methods on known API paths answer 404 as on PocketBase (its
// mux ends in a catch-all route, so there is no 405), and JSON error
// bodies are byte-equal to PocketBase's: json.Encoder output, keys in
// data/message/status order, one trailing newline.
func TestErrorsMatchPocketBaseBytes(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"errors.pb.js": `
routerAdd("GET", "/js/invalid", () => { throw new BadRequestError("bad <input>", { title: new ValidationError("validation_x", "Bad & wrong.") }) })
`}})
	su := s.SuperuserToken(t)
	const notFound = `{"data":{},"message":"The requested resource wasn't found.","status":404}` + "\n"
	for _, tc := range []struct {
		method, path, token string
		status              int
		body                string
	}{
		{"POST", "/api/collections/users", su, 404, notFound},
		{"POST", "/api/collections/users", "", 404, notFound},
		{"PUT", "/api/collections/users/records", su, 404, notFound},
		{"DELETE", "/api/collections/users/records", su, 404, notFound},
		{"POST", "/api/collections/users/records/abc", su, 404, notFound},
		{"PUT", "/api/health", "", 404, notFound},
		{"DELETE", "/api/settings", su, 404, notFound},
		{"GET", "/api/collections/users/auth-with-password", "", 404, notFound},
		{"GET", "/api/no-such-route", "", 404, notFound},
		{"GET", "/api/collections/missing/records", "", 404,
			`{"data":{},"message":"Missing collection context.","status":404}` + "\n"},
		{"GET", "/api/collections", "", 401,
			`{"data":{},"message":"The request requires valid record authorization token.","status":401}` + "\n"},
		{"GET", "/api/collections/users/records?filter=(((", su, 400,
			`{"data":{},"message":"Something went wrong while processing your request.","status":400}` + "\n"},
		{"GET", "/js/invalid", "", 400,
			`{"data":{"title":{"code":"validation_x","message":"Bad \u0026 wrong."}},"message":"Bad \u003cinput\u003e.","status":400}` + "\n"},
	} {
		resp, body := s.Do(tc.method, tc.path, nil, tc.token)
		if resp.StatusCode != tc.status || string(body) != tc.body {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, resp.StatusCode, body, tc.status, tc.body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.path, ct)
		}
		if allow := resp.Header.Get("Allow"); allow != "" {
			t.Errorf("%s %s: Allow %q on a 404", tc.method, tc.path, allow)
		}
	}
	// HEAD: the status and the JSON content type, no body
	resp, body := s.Do("HEAD", "/api/no-such-route", nil, "")
	if resp.StatusCode != 404 || len(body) != 0 || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("HEAD: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}
