package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// GET /api/crons lists PocketBase's built-in jobs (ids and schedules as
// PocketBase's) after the user's jobs, and running them does their work:
// the logs cleanup drops the logs older than settings.logs.maxDays, the DB
// optimize checkpoints (truncates) the WAL files.
func TestCronsSystemJobs(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"crons.pb.js": `
cronAdd("zz_user", "*/5 * * * *", () => {})
cronAdd("aa_user", "@daily", () => {})

// test fixtures: an OTP and an MFA session each 10/20 minutes old (expired)
// and 2/5 minutes old (valid under the default 180s/600s durations)
const ago = (min) => new Date(Date.now() - min * 60 * 1000).toISOString().replace("T", " ")
routerAdd("POST", "/test/seed-sessions", (e) => {
  const user = new Record($app.findCollectionByNameOrId("users"))
  user.set("email", "sessions@example.com")
  user.setPassword("1234567890")
  $app.save(user)
  const seed = (table, make, ages) => {
    for (const min of ages) {
      const r = make()
      $app.save(r)
      $app.db().newQuery("UPDATE " + table + " SET created = {:c} WHERE id = {:id}").bind({ c: ago(min), id: r.id }).execute()
    }
  }
  seed("_otps", () => $app.newOTP(user, "123456"), [10, 2])
  seed("_mfas", () => $app.newMFA(user, "password"), [20, 5])
  return e.json(200, {})
})
routerAdd("GET", "/test/sessions", (e) => {
  const label = (table, ageMin) => $app.findAllRecords(table).map((r) => {
    const min = (Date.now() - new Date(r.getString("created").replace(" ", "T")).getTime()) / 60000
    return min > ageMin ? "old" : "young"
  }).sort().join(",")
  return e.json(200, { otps: label("_otps", 6), mfas: label("_mfas", 12) })
})

// test fixture: two log rows, one 10 days old and one from today
routerAdd("POST", "/test/seed-logs", (e) => {
  const old = new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString().replace("T", " ")
  const now = new Date().toISOString().replace("T", " ")
  $app.auxNonconcurrentDB().newQuery("INSERT INTO _logs (level, message, created) VALUES (0, 'old log', {:old}), (0, 'new log', {:now})").bind({ old, now }).execute()
  return e.noContent(204)
})
`}})
	su := s.SuperuserToken(t)

	var jobs []map[string]any
	if err := json.Unmarshal(expect(t, s, "GET", "/api/crons", nil, su, 200), &jobs); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range jobs {
		got = append(got, fmt.Sprint(j["id"])+" "+fmt.Sprint(j["expression"]))
	}
	want := []string{"aa_user @daily", "zz_user */5 * * * *", "__pbDBOptimize__ 0 0 * * *",
		"__pbMFACleanup__ 0 * * * *", "__pbOTPCleanup__ 0 * * * *", "__pbLogsCleanup__ 0 */6 * * *"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("crons %q, want %q", got, want)
	}

	// OTP/MFA cleanups: rows older than the auth collection's otp.duration
	// (180s) / mfa.duration (600s) go, younger ones stay
	expect(t, s, "POST", "/test/seed-sessions", nil, "", 200)
	sessions := func() string { return string(expect(t, s, "GET", "/test/sessions", nil, "", 200)) }
	if got := sessions(); got != `{"mfas":"old,young","otps":"old,young"}`+"\n" {
		t.Fatalf("seeded sessions: %s", got)
	}
	expect(t, s, "POST", "/api/crons/__pbOTPCleanup__", nil, su, 204)
	waitFor(t, "the expired OTP to be removed", func() bool { return sessions() == `{"mfas":"old,young","otps":"young"}`+"\n" })
	expect(t, s, "POST", "/api/crons/__pbMFACleanup__", nil, su, 204)
	waitFor(t, "the expired MFA to be removed", func() bool { return sessions() == `{"mfas":"young","otps":"young"}`+"\n" })

	// logs cleanup: maxDays 5 keeps today's row and drops the 10 days old one
	expect(t, s, "PATCH", "/api/settings", map[string]any{"logs": map[string]any{"maxDays": 5}}, su, 200)
	expect(t, s, "POST", "/test/seed-logs", nil, "", 204)
	logs := func() string {
		return string(expect(t, s, "GET", "/api/logs?perPage=500&filter="+`(message~"log")`, nil, su, 200))
	}
	if l := logs(); !strings.Contains(l, "old log") || !strings.Contains(l, "new log") {
		t.Fatalf("seeded logs missing: %s", l)
	}
	expect(t, s, "POST", "/api/crons/__pbLogsCleanup__", nil, su, 204)
	waitFor(t, "the old log to be removed", func() bool {
		l := logs()
		return !strings.Contains(l, "old log") && strings.Contains(l, "new log")
	})

	// DB optimize: the write-ahead log is checkpointed and truncated (PRAGMA
	// optimize may write a few pages after that, so the file shrinks
	// rather than ending empty; without a checkpoint it never shrinks)
	for i := 0; i < 5; i++ {
		expect(t, s, "POST", "/api/collections", map[string]any{"name": "c" + string(rune('a'+i)), "type": "base"}, su, 200)
	}
	wal := filepath.Join(s.DataDir, "data.db-wal")
	st, err := os.Stat(wal)
	if err != nil || st.Size() < 64<<10 {
		t.Fatalf("expected a WAL of some size before the optimize: %v %v", st, err)
	}
	before := st.Size()
	expect(t, s, "POST", "/api/crons/__pbDBOptimize__", nil, su, 204)
	waitFor(t, "the WAL to be truncated", func() bool {
		st, err := os.Stat(wal)
		return err == nil && st.Size() < before/4
	})
}

// waitFor polls cond for up to 10s (cron runs answer before the job ends).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
