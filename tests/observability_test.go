package tests

import (
	"encoding/json"
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

cronAdd("obsFailing", "0 0 1 1 *", () => {
    throw new Error("cron boom")
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

// cronRunsPage is GET /api/crons/{id}/runs, waiting until it has n items.
func cronRunsPage(t *testing.T, s *harness.Server, token, id string, n int) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := decodeJSON(t, expect(t, s, "GET", "/api/crons/"+id+"/runs", nil, token, 200))
		if items, _ := out["items"].([]any); len(items) >= n {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: fewer than %d runs recorded: %v", id, n, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestObservabilityCronRunHistory(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: obsHooks})
	token := s.SuperuserToken(t)

	expect(t, s, "GET", "/obs/log", nil, "", 200)
	// the scripts' jobs are scheduled once the JS generation is active
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if strings.Contains(string(expect(t, s, "GET", "/api/crons", nil, token, 200)), `"obsFailing"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("obsFailing never scheduled: %s", expect(t, s, "GET", "/api/crons", nil, token, 200))
		}
	}
	expect(t, s, "GET", "/api/crons/obsFailing/runs", nil, "", 401)
	expect(t, s, "GET", "/api/crons/nope/runs", nil, token, 404)
	empty := decodeJSON(t, expect(t, s, "GET", "/api/crons/obsFailing/runs", nil, token, 200))
	if empty["totalItems"].(float64) != 0 {
		t.Fatalf("runs before any run: %v", empty)
	}

	// a failing JS job: the run is recorded with the script's file:line
	expect(t, s, "POST", "/api/crons/obsFailing", nil, token, 204)
	page := cronRunsPage(t, s, token, "obsFailing", 1)
	run := page["items"].([]any)[0].(map[string]any)
	if run["status"] != "error" || run["job"] != "obsFailing" {
		t.Fatalf("failing run %v", run)
	}
	if msg, _ := run["error"].(string); !strings.Contains(msg, "obs.pb.js:8:") || !strings.Contains(msg, "cron boom") {
		t.Fatalf("run error without file:line: %q", msg)
	}
	if run["started"] == "" || run["duration"].(float64) < 0 {
		t.Fatalf("run timing %v", run)
	}

	// a built-in job succeeds and is recorded too
	expect(t, s, "POST", "/api/crons/__pbLogsCleanup__", nil, token, 204)
	ok := cronRunsPage(t, s, token, "__pbLogsCleanup__", 1)["items"].([]any)[0].(map[string]any)
	if ok["status"] != "success" || ok["error"] != "" {
		t.Fatalf("built-in run %v", ok)
	}

	// a second run: newest first, paging
	expect(t, s, "POST", "/api/crons/obsFailing", nil, token, 204)
	page = cronRunsPage(t, s, token, "obsFailing", 2)
	if page["totalItems"].(float64) != 2 {
		t.Fatalf("runs %v", page)
	}
	one := decodeJSON(t, expect(t, s, "GET", "/api/crons/obsFailing/runs?perPage=1&page=2", nil, token, 200))
	if items := one["items"].([]any); len(items) != 1 || one["totalPages"].(float64) != 2 {
		t.Fatalf("paged runs %v", one)
	}

	// the jobs list has the last run and the next run
	var jobs []map[string]any
	if err := json.Unmarshal(expect(t, s, "GET", "/api/crons", nil, token, 200), &jobs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, j := range jobs {
		if j["id"] != "obsFailing" {
			continue
		}
		found = true
		last, _ := j["lastRun"].(map[string]any)
		if last == nil || last["status"] != "error" {
			t.Fatalf("lastRun %v", j)
		}
		next, _ := j["nextRun"].(string)
		if !strings.Contains(next, "-01-01 00:00:00") {
			t.Fatalf("nextRun %q", next)
		}
	}
	if !found {
		t.Fatalf("obsFailing not listed: %v", jobs)
	}
}
