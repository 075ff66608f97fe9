package security

import (
	"encoding/json"
	"net/http"
	"testing"
)

// MsgGeneric400 is PocketBase's answer to a bad filter, sort or query value.
const MsgGeneric400 = "Something went wrong while processing your request."

// Case is one attempt and the exact answer it must get.
type Case struct {
	Name    string
	Method  string // default GET
	Path    string
	Body    any
	Status  int
	Message string         // error message (Status >= 400)
	Data    map[string]any // error data; nil = {}
	Total   int            // for a 200 list: the exact totalItems and items; -1 = not a list
}

// Run sends each case with token, checks its answer and that it holds none
// of the markers (see NoLeak).
func (f *Fixture) Run(t *testing.T, token string, cases []Case, markers ...string) {
	t.Helper()
	for _, c := range cases {
		method := c.Method
		if method == "" {
			method = http.MethodGet
		}
		resp, body := f.S.Do(method, c.Path, c.Body, token)
		what := c.Name + " (" + method + " " + c.Path + ")"
		NoLeak(t, what, body, markers...)
		if c.Status >= 400 {
			WantError(t, what, resp.StatusCode, body, c.Status, c.Message, c.Data)
			continue
		}
		if resp.StatusCode != c.Status {
			t.Errorf("%s: status %d, want %d: %s", what, resp.StatusCode, c.Status, Trim(string(body)))
			continue
		}
		if c.Total >= 0 {
			var l List
			if err := json.Unmarshal(body, &l); err != nil || l.TotalItems != c.Total || len(l.Items) != c.Total {
				t.Errorf("%s: want exactly %d items: %s", what, c.Total, Trim(string(body)))
			}
		}
	}
}
