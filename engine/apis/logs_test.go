package apis_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

func TestRequestLogs(t *testing.T) {
	env := newAuthEnv(t)
	s, _ := env.app.Settings().Clone()
	s.Logs.LogAuthId = true
	_ = env.app.SaveSettings(s)

	// a model hook on _logs may drop rows
	env.app.OnModelCreate(core.LogsTableName).BindFunc(func(e *core.ModelEvent) error {
		if l, ok := e.Model.(*core.Log); ok && strings.Contains(l.Message, "drop-me") {
			return nil
		}
		return e.Next()
	})

	env.do(http.MethodGet, "/api/health?from=test", "", nil)
	env.do(http.MethodGet, "/api/health?drop-me=1", "", nil)
	env.do(http.MethodGet, "/api/collections/missing/records", env.token(env.user), nil)
	env.app.LogsWriter().Flush()

	if status, _ := env.do(http.MethodGet, "/api/logs", env.token(env.user), nil); status != http.StatusForbidden {
		t.Errorf("user: %d", status)
	}
	status, body := env.do(http.MethodGet, "/api/logs?filter="+urlq("data.url ~ 'from=test'"), env.suTok, nil)
	if status != http.StatusOK {
		t.Fatalf("list: %d %v", status, body)
	}
	items := body["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("items %v", items)
	}
	item := items[0].(map[string]any)
	data := item["data"].(map[string]any)
	if item["message"] != "GET /api/health?from=test" || data["method"] != "GET" || data["status"] != float64(200) || data["userIP"] != "127.0.0.1" {
		t.Errorf("log %v", item)
	}
	if _, ok := data["execTime"].(float64); !ok {
		t.Errorf("execTime %v", data["execTime"])
	}

	status, body = env.do(http.MethodGet, "/api/logs?filter="+urlq("data.status >= 400")+"&sort=-created", env.suTok, nil)
	if status != http.StatusOK || body["totalItems"] != float64(1) {
		t.Fatalf("failed requests: %d %v", status, body)
	}
	failed := body["items"].([]any)[0].(map[string]any)
	fdata := failed["data"].(map[string]any)
	if failed["level"] != float64(core.LogLevelError) || fdata["auth"] != "users" || fdata["authId"] != env.user.Id {
		t.Errorf("failed log %v", failed)
	}

	status, body = env.do(http.MethodGet, "/api/logs?filter="+urlq("message ~ 'drop-me'"), env.suTok, nil)
	if status != http.StatusOK || body["totalItems"] != float64(0) {
		t.Errorf("dropped row was written: %v", body)
	}
	if status, _ := env.do(http.MethodGet, "/api/logs?filter="+urlq("nope = 1"), env.suTok, nil); status != http.StatusBadRequest {
		t.Errorf("unknown filter field: %d", status)
	}

	status, one := env.do(http.MethodGet, "/api/logs/"+failed["id"].(string), env.suTok, nil)
	if status != http.StatusOK || one["id"] != failed["id"] {
		t.Errorf("view: %d %v", status, one)
	}
	if status, _ := env.do(http.MethodGet, "/api/logs/missing", env.suTok, nil); status != http.StatusNotFound {
		t.Errorf("missing: %d", status)
	}

	status, stats := env.doAny(http.MethodGet, "/api/logs/stats", env.suTok, nil)
	list, _ := stats.([]any)
	if status != http.StatusOK || len(list) != 1 || list[0].(map[string]any)["total"] != float64(2) {
		t.Errorf("stats: %d %v", status, stats)
	}
}

func TestRequestLogsSettings(t *testing.T) {
	env := newAuthEnv(t)
	s, _ := env.app.Settings().Clone()
	s.Logs.MinLevel = core.LogLevelWarn
	s.Logs.LogIP = false
	_ = env.app.SaveSettings(s)

	env.do(http.MethodGet, "/api/health", "", nil)
	env.do(http.MethodGet, "/api/logs/missing", "", nil)
	env.app.LogsWriter().Flush()
	logs := []*core.Log{}
	if err := env.app.LogQuery().All(&logs); err != nil {
		t.Fatal(err)
	}
	if len(logs) != 1 || logs[0].Level != core.LogLevelError {
		t.Fatalf("minLevel not honoured: %+v", logs)
	}
	if _, ok := logs[0].Data["userIP"]; ok {
		t.Error("logIP=false still logs the IP")
	}

	s.Logs.MaxDays = 0
	_ = env.app.SaveSettings(s)
	env.do(http.MethodGet, "/api/logs/missing", "", nil)
	env.app.LogsWriter().Flush()
	var n int
	_ = env.app.AuxDB().Select("count(*)").From(core.LogsTableName).Row(&n)
	if n != 1 {
		t.Errorf("maxDays=0 still logs: %d rows", n)
	}
}

func urlq(s string) string {
	return strings.NewReplacer(" ", "%20", "'", "%27", "&", "%26", "=", "%3D", ">", "%3E", "~", "%7E").Replace(s)
}
