package tests

import (
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// As on PocketBase, a client that keeps getting empty filtered lists under
// a list rule (beyond 3 in 3 seconds) gets each further empty answer after
// a random 0–500ms delay, against filter timing attacks; a superuser, a
// list that finds records and a list without a filter are never delayed.
func TestRecordsEmptyFilteredListIsThrottled(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	su := s.SuperuserToken(t)
	expect(t, s, "POST", "/api/collections", map[string]any{
		"name": "notes", "type": "base", "listRule": "public = true",
		"fields": []map[string]any{{"name": "title", "type": "text"}, {"name": "public", "type": "bool"}},
	}, su, 200)
	expect(t, s, "POST", "/api/collections/notes/records", map[string]any{"title": "a", "public": true}, su, 200)

	// timed runs n requests and returns their total duration
	timed := func(n int, path, token string) time.Duration {
		t.Helper()
		start := time.Now()
		for i := 0; i < n; i++ {
			expect(t, s, "GET", path, nil, token, 200)
		}
		return time.Since(start)
	}
	const empty = `/api/collections/notes/records?filter=(title="secret")`
	superuser := timed(12, empty, su)
	found := timed(12, `/api/collections/notes/records?filter=(title="a")`, "")
	throttled := timed(12, empty, "")
	t.Logf("12 requests: superuser %s, found %s, empty for a guest %s", superuser, found, throttled)

	// 12 requests in < 3s: at least 9 past the allowance, each delayed by a
	// uniform 0–500ms (expected total ~2.2s; under 900ms is ~1e-4 likely)
	if throttled < 900*time.Millisecond {
		t.Errorf("empty filtered lists were not delayed: 12 took %s", throttled)
	}
	if superuser >= throttled || found >= throttled {
		t.Errorf("undelayed lists took as long as delayed ones: superuser %s, found %s, empty %s", superuser, found, throttled)
	}
}
