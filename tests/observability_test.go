package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// obsHooks is a pb_hooks dir used by the observability tests.
var obsHooks = map[string]string{
	"obs.pb.js": `
routerAdd("GET", "/obs/log", (e) => {
    $app.logger().info("obs js log line", "who", "route")
    return e.json(200, { ok: true })
})

routerAdd("POST", "/obs/greet/{name}", (e) => e.json(200, { hi: e.request.pathValue("name") }), {
    summary: "Greets someone",
    tags: ["greetings"],
    query: { loud: "shout the greeting" },
    body: { type: "object", properties: { note: { type: "string" } } },
    response: { type: "object", properties: { hi: { type: "string" } }, required: ["hi"] },
})

routerAdd("GET", "/obs/plain/{a}/{b}", (e) => e.json(200, {}))

/**
 * Lists the widgets.
 *
 * Answers every widget, newest first.
 * @tag widgets
 * @query limit how many to answer
 */
routerAdd("GET", "/obs/widgets", (e) => e.json(200, []))

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
		// the count and the page are separate queries that run at the same
		// time (as PocketBase's), so a run recorded between them shows in
		// one and not yet in the other: wait until both have it
		total, _ := out["totalItems"].(float64)
		if items, _ := out["items"].([]any); len(items) >= n && int(total) >= n {
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
	if msg, _ := run["error"].(string); !strings.Contains(msg, "obs.pb.js:27:") || !strings.Contains(msg, "cron boom") {
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

// routeFigures finds one route's figures in a /api/metrics window.
func routeFigures(t *testing.T, metrics map[string]any, window, route string) map[string]any {
	t.Helper()
	w := metrics["requests"].(map[string]any)[window].(map[string]any)
	for _, r := range w["routes"].([]any) {
		if rm := r.(map[string]any); rm["route"] == route {
			return rm
		}
	}
	return nil
}

func TestObservabilityMetrics(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: obsHooks})
	token := s.SuperuserToken(t)

	expect(t, s, "GET", "/api/metrics", nil, "", 401)
	before := decodeJSON(t, expect(t, s, "GET", "/api/metrics", nil, token, 200))
	proc := before["process"].(map[string]any)
	for _, k := range []string{"cpuSeconds", "rssBytes", "goroutines", "gcCount", "heapAllocBytes", "realtimeClients"} {
		if _, ok := proc[k].(float64); !ok {
			t.Fatalf("process figure %s missing: %v", k, proc)
		}
	}
	if proc["rssBytes"].(float64) <= 0 || proc["goroutines"].(float64) <= 0 {
		t.Fatalf("process figures %v", proc)
	}
	if dbs := proc["dbConnections"].(map[string]any); dbs["data"] == nil || dbs["aux"] == nil {
		t.Fatalf("db connections %v", proc["dbConnections"])
	}
	if pool := proc["extra"].(map[string]any)["jsPool"].(map[string]any); pool["live"].(float64) < 1 {
		t.Fatalf("js pool %v", pool)
	}
	const recordsRoute = "GET /api/collections/{collection}/records"
	prev := 0.0
	if r := routeFigures(t, before, "1m", recordsRoute); r != nil {
		prev = r["requests"].(float64)
	}

	// requests move the figures of their route and status class
	for i := 0; i < 5; i++ {
		expect(t, s, "GET", "/api/collections/users/records", nil, token, 200)
	}
	expect(t, s, "GET", "/api/collections/nope/records", nil, token, 404)
	expect(t, s, "GET", "/obs/log", nil, "", 200)
	after := decodeJSON(t, expect(t, s, "GET", "/api/metrics", nil, token, 200))
	r := routeFigures(t, after, "1m", recordsRoute)
	if r == nil || r["requests"].(float64) != prev+6 {
		t.Fatalf("records route after 6 requests (before %v): %v", prev, r)
	}
	status := r["status"].(map[string]any)
	if status["2xx"].(float64) < 5 || status["4xx"].(float64) < 1 {
		t.Fatalf("status classes %v", status)
	}
	if r["p50Ms"].(float64) <= 0 || r["p99Ms"].(float64) < r["p50Ms"].(float64) || r["rate"].(float64) <= 0 {
		t.Fatalf("latency figures %v", r)
	}
	if js := routeFigures(t, after, "5m", "GET /obs/log"); js == nil || js["requests"].(float64) != 1 {
		t.Fatalf("JS route figures %v", js)
	}
	// the 5-minute window bucket by bucket (the dashboard's charts) holds them too
	series, _ := after["series"].([]any)
	inSeries := 0.0
	for _, p := range series {
		inSeries += p.(map[string]any)["requests"].(float64)
	}
	if len(series) != 30 || inSeries < 7 {
		t.Fatalf("series of %d points with %v requests: %v", len(series), inSeries, series)
	}

	// the logs writer's counters: the requests' rows get written (about
	// a second later), none dropped
	deadline := time.Now().Add(10 * time.Second)
	for {
		logs, _ := decodeJSON(t, expect(t, s, "GET", "/api/metrics", nil, token, 200))["logs"].(map[string]any)
		if logs == nil {
			t.Fatal("/api/metrics has no logs figures")
		}
		if logs["written"].(float64) >= 6 && logs["dropped"].(float64) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("logs figures %v", logs)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// the recorder can be switched off (to measure its cost): /api/metrics
	// then says so and shows no request figures; requests made meanwhile
	// are not counted
	if before["metricsEnabled"] != true {
		t.Fatalf("metrics should be on by default: %v", before["metricsEnabled"])
	}
	expect(t, s, "PATCH", "/api/settings", map[string]any{"observability": map[string]any{"metricsEnabled": false}}, token, 200)
	expect(t, s, "GET", "/api/collections/users/records", nil, token, 200)
	off := decodeJSON(t, expect(t, s, "GET", "/api/metrics", nil, token, 200))
	if off["metricsEnabled"] != false || off["requests"] != nil || !strings.Contains(off["message"].(string), "off") || off["process"] == nil {
		t.Fatalf("metrics while off: %v", off)
	}
	expect(t, s, "PATCH", "/api/settings", map[string]any{"observability": map[string]any{"metricsEnabled": true}}, token, 200)
	on := decodeJSON(t, expect(t, s, "GET", "/api/metrics", nil, token, 200))
	if r := routeFigures(t, on, "1m", recordsRoute); r == nil || r["requests"].(float64) != prev+6 {
		t.Fatalf("a request made while off was counted (before %v): %v", prev+6, r)
	}

	// Prometheus: off by default; on, it wants the token and parses
	expect(t, s, "GET", "/api/metrics/prometheus", nil, token, 404)
	expect(t, s, "PATCH", "/api/settings", map[string]any{"observability": map[string]any{
		"prometheusEnabled": true, "prometheusToken": "scrape-secret-123",
	}}, token, 200)
	settings := string(expect(t, s, "GET", "/api/settings", nil, token, 200))
	if strings.Contains(settings, "scrape-secret-123") {
		t.Fatalf("settings show the metrics token: %s", settings)
	}
	expect(t, s, "GET", "/api/metrics/prometheus", nil, "", 401)
	expect(t, s, "GET", "/api/metrics/prometheus", nil, "wrong", 401)
	body := expect(t, s, "GET", "/api/metrics/prometheus", nil, "Bearer scrape-secret-123", 200)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("scrape does not parse: %v\n%s", err, body)
	}
	for _, name := range []string{"hookbase_http_requests_total", "hookbase_http_request_duration_seconds",
		"hookbase_db_open_connections", "hookbase_realtime_clients", "hookbase_logs_written_total", "hookbase_logs_dropped_total",
		"go_goroutines", "process_resident_memory_bytes"} {
		if families[name] == nil {
			t.Fatalf("scrape has no %s:\n%s", name, body)
		}
	}
	found := false
	for _, m := range families["hookbase_http_requests_total"].GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		if labels["route"] == recordsRoute && labels["status"] == "2xx" && m.GetCounter().GetValue() >= 5 {
			found = true
		}
	}
	if !found {
		t.Fatalf("no 2xx counter for the records route:\n%s", body)
	}
}

func TestObservabilityOpenAPI(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: obsHooks})
	token := s.SuperuserToken(t)
	expect(t, s, "POST", "/obs/greet/ann", nil, "", 200, `"hi":"ann"`)

	listRule := ""
	expect(t, s, "POST", "/api/collections", map[string]any{
		"name": "posts", "type": "base", "listRule": listRule, "viewRule": "@request.auth.id != ''",
		"fields": []map[string]any{
			{"name": "title", "type": "text", "required": true},
			{"name": "views", "type": "number"},
			{"name": "tags", "type": "select", "values": []string{"a", "b"}, "maxSelect": 2},
			{"name": "published", "type": "bool"},
		},
	}, token, 200)

	expect(t, s, "GET", "/api/docs/openapi.json", nil, "", 401)
	raw := expect(t, s, "GET", "/api/docs/openapi.json", nil, token, 200)

	// validates against the OpenAPI 3.1 schema
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatalf("not an OpenAPI document: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("invalid: %s: %s %v", e.Message, e.Reason, e.SchemaValidationErrors)
		}
		t.FailNow()
	}

	out := decodeJSON(t, raw)
	if out["openapi"] != "3.1.0" {
		t.Fatalf("version %v", out["openapi"])
	}
	paths := out["paths"].(map[string]any)
	list, _ := paths["/api/collections/posts/records"].(map[string]any)
	item, _ := paths["/api/collections/posts/records/{id}"].(map[string]any)
	if list["get"] == nil || list["post"] == nil || item["get"] == nil || item["patch"] == nil || item["delete"] == nil {
		t.Fatalf("posts CRUD paths: %v %v", list, item)
	}
	if d := list["get"].(map[string]any)["description"].(string); !strings.Contains(d, "Public") {
		t.Fatalf("list rule description %q", d)
	}
	if d := item["get"].(map[string]any)["description"].(string); !strings.Contains(d, "@request.auth.id != ''") {
		t.Fatalf("view rule description %q", d)
	}
	if d := item["delete"].(map[string]any)["description"].(string); !strings.Contains(d, "Superusers only") {
		t.Fatalf("delete rule description %q", d)
	}
	props := out["components"].(map[string]any)["schemas"].(map[string]any)["postsRecord"].(map[string]any)["properties"].(map[string]any)
	want := map[string]string{"title": "string", "views": "number", "tags": "array", "published": "boolean", "id": "string"}
	for name, typ := range want {
		p, _ := props[name].(map[string]any)
		if p == nil || p["type"] != typ {
			t.Fatalf("field %s schema %v, want type %s", name, p, typ)
		}
	}

	// the JS route with metadata, and one without
	greet, _ := paths["/obs/greet/{name}"].(map[string]any)
	post, _ := greet["post"].(map[string]any)
	if post == nil || post["summary"] != "Greets someone" || post["requestBody"] == nil {
		t.Fatalf("JS route metadata %v", greet)
	}
	params := fmt.Sprint(post["parameters"])
	if !strings.Contains(params, "name:name") || !strings.Contains(params, "name:loud") {
		t.Fatalf("JS route params %s", params)
	}
	if !strings.Contains(fmt.Sprint(post["responses"]), "hi") {
		t.Fatalf("JS route response %v", post["responses"])
	}
	plain, _ := paths["/obs/plain/{a}/{b}"].(map[string]any)
	if plain == nil || plain["get"] == nil || !strings.Contains(fmt.Sprint(plain["get"]), "name:b") {
		t.Fatalf("JS route without metadata %v", plain)
	}
	widgets, _ := paths["/obs/widgets"].(map[string]any)
	wget, _ := widgets["get"].(map[string]any)
	if wget == nil || wget["summary"] != "Lists the widgets." || wget["description"] != "Answers every widget, newest first." ||
		fmt.Sprint(wget["tags"]) != "[widgets]" || !strings.Contains(fmt.Sprint(wget["parameters"]), "name:limit") {
		t.Fatalf("JSDoc-described route %v", widgets)
	}
	if paths["/api/health"] == nil || paths["/api/crons/{id}/runs"] == nil {
		t.Fatal("built-in routes missing")
	}
	// each route operation names its source (the docs page lists JS routes apart)
	health := paths["/api/health"].(map[string]any)["get"].(map[string]any)
	if post["x-source"] != "js" || health["x-source"] != "builtin" {
		t.Fatalf("x-source: JS route %v, built-in route %v", post["x-source"], health["x-source"])
	}

	// public when the setting says so
	expect(t, s, "PATCH", "/api/settings", map[string]any{"observability": map[string]any{"publicOpenAPI": true}}, token, 200)
	expect(t, s, "GET", "/api/docs/openapi.json", nil, "", 200, `"openapi":"3.1.0"`)
}

func TestObservabilityVisitorStats(t *testing.T) {
	t.Parallel()
	public := t.TempDir()
	for name, body := range map[string]string{"index.html": "<h1>home</h1>", "about.html": "<h1>about</h1>", "style.css": "h1{}"} {
		if err := os.WriteFile(filepath.Join(public, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := harness.Start(t, harness.Options{Args: []string{"--publicDir=" + public}})
	token := s.SuperuserToken(t)

	const ipA, ipB = "203.0.113.77", "198.51.100.23"
	const chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
	const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
	visit := func(path, ip, ua, referer string) {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		req.Header.Set("X-Forwarded-For", ip)
		req.Header.Set("User-Agent", ua)
		if referer != "" {
			req.Header.Set("Referer", referer)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		if len(resp.Cookies()) > 0 {
			t.Fatalf("GET %s set cookies %v", path, resp.Cookies())
		}
	}

	// off by default: nothing counted
	visit("/", ipA, chrome, "")
	expect(t, s, "GET", "/api/analytics", nil, "", 401)
	off := decodeJSON(t, expect(t, s, "GET", "/api/analytics", nil, token, 200))
	if off["enabled"] != false || len(off["pages"].([]any)) != 0 {
		t.Fatalf("counted while off: %v", off)
	}

	// the request log would hold IPs on its own (its own setting): off here,
	// so that the files can be checked for the visitor stats alone
	expect(t, s, "PATCH", "/api/settings", map[string]any{
		"observability": map[string]any{"analyticsEnabled": true},
		"trustedProxy":  map[string]any{"headers": []string{"X-Forwarded-For"}},
		"logs":          map[string]any{"maxDays": 5, "logIP": false},
	}, token, 200)
	for i := 0; i < 3; i++ {
		visit("/", ipA, chrome, "")
	}
	visit("/about.html", ipB, iphone, "https://news.example.org/story/1")
	visit("/style.css", ipB, iphone, "") // an asset, not a page view

	report := decodeJSON(t, expect(t, s, "GET", "/api/analytics", nil, token, 200))
	got := map[string]string{}
	for _, key := range []string{"pages", "devices", "browsers", "referrers", "daily"} {
		for _, row := range report[key].([]any) {
			r := row.(map[string]any)
			got[key+":"+fmt.Sprint(r["value"])] = fmt.Sprintf("%v/%v", r["views"], r["visitors"])
		}
	}
	want := map[string]string{
		"pages:/": "3/1", "pages:/about.html": "1/1",
		"devices:desktop": "3/1", "devices:mobile": "1/1",
		"browsers:Chrome": "3/1", "browsers:Safari": "1/1",
		"referrers:news.example.org": "1/1", "referrers:": "3/1",
		"daily:": "4/2",
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("unexpected rows: %v", got)
	}

	// no IP anywhere in the database files (WAL included)
	files, err := filepath.Glob(filepath.Join(s.DataDir, "*.db*"))
	if err != nil || len(files) < 2 {
		t.Fatalf("db files %v %v", files, err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, ip := range []string{ipA, ipB} {
			if bytes.Contains(raw, []byte(ip)) {
				t.Fatalf("%s holds the IP %s", f, ip)
			}
		}
	}
}

// A browser revisiting a page it has cached asks with If-Modified-Since
// and gets a 304: that is a page view too (the dashboard's browser test
// found revisits missing from the stats).
func TestObservabilityVisitorStatsCountsRevalidatedPages(t *testing.T) {
	t.Parallel()
	public := t.TempDir()
	if err := os.WriteFile(filepath.Join(public, "index.html"), []byte("<h1>home</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{Args: []string{"--publicDir=" + public}})
	token := s.SuperuserToken(t)
	expect(t, s, "PATCH", "/api/settings", map[string]any{"observability": map[string]any{"analyticsEnabled": true}}, token, 200)

	get := func(header http.Header) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+"/", nil)
		req.Header = header
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	first := get(http.Header{})
	modified := first.Header.Get("Last-Modified")
	if first.StatusCode != 200 || modified == "" {
		t.Fatalf("first visit: %d, Last-Modified %q", first.StatusCode, modified)
	}
	if again := get(http.Header{"If-Modified-Since": {modified}}); again.StatusCode != http.StatusNotModified {
		t.Fatalf("revisit: %d, want 304", again.StatusCode)
	}
	report := decodeJSON(t, expect(t, s, "GET", "/api/analytics", nil, token, 200))
	pages := report["pages"].([]any)
	if len(pages) != 1 || pages[0].(map[string]any)["views"].(float64) != 2 || pages[0].(map[string]any)["visitors"].(float64) != 1 {
		t.Fatalf("pages after a visit and a revisit: %v", pages)
	}
}
