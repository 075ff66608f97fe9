package core

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/tools/types"
)

type rawLogRow struct {
	Id      string `db:"id"`
	Level   int    `db:"level"`
	Message string `db:"message"`
	Data    string `db:"data"`
	Created string `db:"created"`
}

func rawLogRows(t *testing.T, app *App) []rawLogRow {
	t.Helper()
	rows := []rawLogRow{}
	if err := app.AuxDB().NewQuery("SELECT id, level, message, data, created FROM _logs ORDER BY rowid").All(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// sampleLogs are request-like rows plus the odd ones (no data, a value
// only encoding/json knows), in a count that needs statements
// of several sizes.
func sampleLogs(n int) []*Log {
	out := make([]*Log, n)
	// recent: the flush's cleanup removes rows older than maxDays
	base := time.Now().Add(-time.Hour).Truncate(time.Second).Add(987654321)
	for i := range out {
		data := map[string]any{
			"type": "request", "method": "GET", "url": fmt.Sprintf("/api/x?i=%d&q=<a>", i), "status": 200 + i%300,
			"execTime": float64(i) / 7, "referer": "", "userAgent": "agent \"ü\"", "auth": "", "requestId": fmt.Sprintf("r%d", i),
		}
		switch i % 50 {
		case 1:
			data = nil
		case 2:
			data["when"] = types.NowDateTime() // no fast encoding: falls back
		}
		l := NewLog(LogLevelInfo+4*(i%3), fmt.Sprintf("GET /api/x/%d", i%5), data)
		l.Created, _ = types.ParseDateTime(base.Add(time.Duration(i) * time.Millisecond))
		out[i] = l
	}
	return out
}

func cloneLogs(logs []*Log) []*Log {
	out := make([]*Log, len(logs))
	for i, l := range logs {
		c := *l
		out[i] = &c
	}
	return out
}

// The bulk path (no model hook bound) must store the very rows the model
// path stores, in the same order.
func TestLogsBulkPathWritesTheSameRowsAsTheModelPath(t *testing.T) {
	logs := sampleLogs(301) // 128 + 128 + 32 + 8 + 4 + 1 rows per statement

	viaModels := newTestApp(t)
	fired := 0
	viaModels.OnModelCreate(LogsTableName).BindFunc(func(e *ModelEvent) error {
		fired++
		return e.Next()
	})
	viaBulk := newTestApp(t)
	// a hook of another table does not need the log rows as models
	viaBulk.OnModelCreate("posts").BindFunc(func(e *ModelEvent) error { return e.Next() })
	if !viaModels.logModelHooksBound() || viaBulk.logModelHooksBound() {
		t.Fatal("hook detection")
	}

	for _, tc := range []struct {
		app  *App
		logs []*Log
	}{{viaModels, cloneLogs(logs)}, {viaBulk, cloneLogs(logs)}} {
		w := tc.app.LogsWriter()
		for _, l := range tc.logs {
			w.Add(l)
		}
		w.Flush()
		if st := w.Stats(); st.Written != uint64(len(logs)) || st.Pending != 0 || st.Dropped != 0 {
			t.Fatalf("stats %+v", st)
		}
	}
	if fired != len(logs) {
		t.Fatalf("the model hook fired %d times, want %d", fired, len(logs))
	}
	a, b := rawLogRows(t, viaModels), rawLogRows(t, viaBulk)
	if len(a) != len(logs) || !reflect.DeepEqual(a, b) {
		for i := range a {
			if i < len(b) && a[i] != b[i] {
				t.Fatalf("row %d differs:\nmodels %+v\nbulk   %+v", i, a[i], b[i])
			}
		}
		t.Fatalf("%d rows via models, %d via bulk", len(a), len(b))
	}

	// the statements stay prepared across batches
	w := viaBulk.LogsWriter()
	for _, l := range cloneLogs(logs[:5]) {
		l.Id += "x"
		w.Add(l)
	}
	w.Flush()
	if n := countLogs(t, viaBulk); n != len(logs)+5 {
		t.Fatalf("%d rows after a second batch", n)
	}
}

// A full queue drops new rows and counts them; Add never waits for the
// database (here a flush is held up for the whole test).
func TestLogsWriterDropsWhenTheQueueIsFull(t *testing.T) {
	app := newTestApp(t)
	w := app.LogsWriter()
	w.flushMu.Lock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < LogsQueueLimit+7; i++ {
			w.Add(NewLog(LogLevelInfo, "flood", nil))
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Add blocked while a flush was held up")
	}
	if st := w.Stats(); st.Pending != LogsQueueLimit || st.Dropped != 7 {
		t.Fatalf("stats %+v", st)
	}
	w.flushMu.Unlock()
	w.Flush()
	if st := w.Stats(); st.Pending != 0 || st.Written != LogsQueueLimit {
		t.Fatalf("stats after flush %+v", st)
	}
	if n := countLogs(t, app); n != LogsQueueLimit {
		t.Fatalf("%d rows written", n)
	}
}

// BenchmarkLogsWriterFlush writes batches of request-like rows through
// the model path (a _logs hook bound) and the bulk path (none bound).
func BenchmarkLogsWriterFlush(b *testing.B) {
	for _, path := range []string{"models", "bulk"} {
		b.Run(path, func(b *testing.B) {
			app := newTestApp(b)
			if path == "models" {
				app.OnModelCreate(LogsTableName).BindFunc(func(e *ModelEvent) error { return e.Next() })
			}
			w := app.LogsWriter()
			const batch = 1000
			logs := sampleLogs(batch)
			for i := range logs {
				logs[i].Data["when"] = nil // keep every row on the fast encoding
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				rows := cloneLogs(logs)
				for j, l := range rows {
					l.Id = fmt.Sprintf("b%06d%08d", i, j)
					w.queue = append(w.queue, l)
				}
				b.StartTimer()
				w.Flush()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/row")
		})
	}
}

// Log ids keep PocketBase's form and grow with time, so that new rows go
// to the end of the primary key index.
func TestLogIdsAreUniqueAndGrowWithTime(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for i := 0; i < 20000; i++ {
		id := NewLog(LogLevelInfo, "x", nil).Id
		if len(id) != 15 || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			t.Fatalf("id %q is not 15 characters of a-z0-9", id)
		}
		if seen[id] {
			t.Fatalf("id %q repeated", id)
		}
		seen[id] = true
		if id[:8] < prev {
			t.Fatalf("time part went back: %q after %q", id[:8], prev)
		}
		prev = id[:8]
	}
}

// _logs has PocketBase's indexes under PocketBase's names, also in a data
// dir made by an earlier hookbase build (other names, renamed at start).
func TestLogsIndexesHavePocketBaseNames(t *testing.T) {
	app := newTestApp(t)
	names := func() []string {
		out := []string{}
		if err := app.AuxDB().NewQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '_logs' AND sql IS NOT NULL ORDER BY name").Column(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := []string{"idx_logs_created_hour", "idx_logs_level", "idx_logs_message"}
	if got := names(); !reflect.DeepEqual(got, want) {
		t.Fatalf("indexes %v, want %v", got, want)
	}
	for _, q := range []string{
		"DROP INDEX idx_logs_level", "DROP INDEX idx_logs_created_hour",
		"CREATE INDEX `_logs_level_idx` ON `_logs` (`level`)",
		"CREATE INDEX `_logs_created_hour_idx` ON `_logs` (strftime('%Y-%m-%d %H:00:00', `created`))",
	} {
		if _, err := app.AuxNonconcurrentDB().NewQuery(q).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.RunSystemMigrations(); err != nil {
		t.Fatal(err)
	}
	if got := names(); !reflect.DeepEqual(got, want) {
		t.Fatalf("indexes after the rename %v, want %v", got, want)
	}
}
