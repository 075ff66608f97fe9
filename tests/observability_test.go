package tests

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// obsHooks is a pb_hooks dir used by the observability tests.
var obsHooks = map[string]string{
	"obs.pb.js": `
routerAdd("GET", "/obs/log", (e) => {
    $app.logger().info("obs js log line", "who", "route")
    return e.json(200, { ok: true })
})
`,
}

func TestObservabilityRequestIds(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: obsHooks})
	token := s.SuperuserToken(t)

	// a valid incoming id is echoed and logged with the request
	req, _ := http.NewRequest("GET", s.URL+"/api/collections/nope/records", nil)
	req.Header.Set("X-Request-Id", "trace-abc.123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got != "trace-abc.123" {
		t.Fatalf("echoed request id %q", got)
	}

	// an invalid one is replaced by a generated one; none at all too
	req, _ = http.NewRequest("GET", s.URL+"/api/health", nil)
	req.Header.Set("X-Request-Id", "bad id\"<>")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	generated := resp.Header.Get("X-Request-Id")
	if generated == "" || strings.ContainsAny(generated, " \"<>") {
		t.Fatalf("generated request id %q", generated)
	}
	resp, _ = s.Do("GET", "/api/health", nil, "")
	if other := resp.Header.Get("X-Request-Id"); other == "" || other == generated {
		t.Fatalf("second generated id %q (first %q)", other, generated)
	}

	// the _logs row of the failed request carries the id (logs are written in batches)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := s.Do("GET", "/api/logs?filter="+url.QueryEscape(`data.requestId="trace-abc.123"`), nil, token)
		out := decodeJSON(t, body)
		if items, _ := out["items"].([]any); len(items) == 1 {
			row := items[0].(map[string]any)
			data := row["data"].(map[string]any)
			if data["status"].(float64) != 404 || data["method"] != "GET" {
				t.Fatalf("log row %v", row)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no _logs row with the request id: %s", body)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// $app.logger() inside a JS route names the request
	req, _ = http.NewRequest("GET", s.URL+"/obs/log", nil)
	req.Header.Set("X-Request-Id", "js-trace-42")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Request-Id") != "js-trace-42" {
		t.Fatalf("JS route: %d %q", resp.StatusCode, resp.Header.Get("X-Request-Id"))
	}
	if !s.WaitForLog("requestId=js-trace-42") {
		t.Fatalf("JS logger line without the request id:\n%s", s.Log())
	}
	for _, line := range strings.Split(s.Log(), "\n") {
		if strings.Contains(line, "obs js log line") && !strings.Contains(line, "requestId=js-trace-42") {
			t.Fatalf("JS log line without request id: %s", line)
		}
	}
}
