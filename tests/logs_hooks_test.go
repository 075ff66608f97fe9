package tests

import (
	"net/url"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// Request log rows are saved as models, as PocketBase's are: JS model
// hooks bound to _logs see every row (and may drop it), so the logs
// writer's bulk path must not skip them.
func TestLogsJSModelHooksSeeRequestRows(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"logs.pb.js": `
onModelCreate((e) => {
    if (e.model.data.get("url") === "/api/health") {
        return // skipping e.next() drops the row
    }
    e.next()
}, "_logs")

onModelAfterCreateSuccess((e) => {
    $app.store().set("logsSeen", ($app.store().get("logsSeen") || 0) + 1)
    e.next()
}, "_logs")

// a hook of another table changes nothing for the log rows
onModelCreate((e) => e.next(), "users")

routerAdd("GET", "/logs-test/seen", (e) => e.json(200, { seen: $app.store().get("logsSeen") || 0 }))
`}})
	token := s.SuperuserToken(t)
	for i := 0; i < 3; i++ {
		expect(t, s, "GET", "/api/health", nil, "", 200)
		expect(t, s, "GET", "/api/collections/nope/records", nil, "", 404)
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		out := decodeJSON(t, expect(t, s, "GET", "/api/logs?filter="+url.QueryEscape(`data.url="/api/collections/nope/records"`), nil, token, 200))
		if out["totalItems"].(float64) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the 404 rows were not written: %v", out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	health := decodeJSON(t, expect(t, s, "GET", "/api/logs?filter="+url.QueryEscape(`data.url="/api/health"`), nil, token, 200))
	if health["totalItems"].(float64) != 0 {
		t.Fatalf("the hook should have dropped the health rows: %v", health)
	}
	if seen := decodeJSON(t, expect(t, s, "GET", "/logs-test/seen", nil, "", 200))["seen"].(float64); seen < 3 {
		t.Fatalf("onModelAfterCreateSuccess saw %v log rows, want at least 3", seen)
	}
}
