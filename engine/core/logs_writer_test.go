package core

import (
	"io"
	"log/slog"
	"testing"
	"time"
)

func countLogs(t *testing.T, app *App) int {
	t.Helper()
	var n int
	if err := app.AuxDB().Select("count(*)").From(LogsTableName).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLogsWriterBatchesAndHooks(t *testing.T) {
	app := newTestApp(t)
	w := app.LogsWriter()
	if app.LogsWriter() != w {
		t.Fatal("one writer per app expected")
	}
	app.OnModelCreate(LogsTableName).BindFunc(func(e *ModelEvent) error {
		if e.Model.(*Log).Message == "drop" {
			return nil // skipping e.Next() drops the row
		}
		return e.Next()
	})
	w.Add(NewLog(LogLevelInfo, "keep", map[string]any{"n": 1}))
	w.Add(NewLog(LogLevelInfo, "drop", nil))
	w.Add(NewLog(LogLevelDebug, "below minLevel", nil))
	if n := countLogs(t, app); n != 0 {
		t.Fatalf("%d rows written synchronously", n)
	}
	if w.Pending() != 2 {
		t.Fatalf("pending %d, want 2", w.Pending())
	}
	deadline := time.Now().Add(LogsFlushDelay + 3*time.Second)
	for countLogs(t, app) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := countLogs(t, app); n != 1 {
		t.Fatalf("%d rows after the delayed flush, want 1", n)
	}
	l := &Log{}
	if err := app.LogQuery().One(l); err != nil || l.Message != "keep" || l.Data["n"] != float64(1) {
		t.Fatalf("row %+v %v", l, err)
	}

	// a full batch is written without waiting for the delay
	for i := 0; i < LogsBatchSize; i++ {
		w.Add(NewLog(LogLevelWarn, "bulk", nil))
	}
	deadline = time.Now().Add(time.Second)
	for countLogs(t, app) < LogsBatchSize+1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := countLogs(t, app); n != LogsBatchSize+1 {
		t.Fatalf("%d rows after a full batch", n)
	}
}

func TestLogsWriterFlushesOnTerminateAndCleansUp(t *testing.T) {
	dir := t.TempDir()
	app := New(Config{DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	old := NewLog(LogLevelInfo, "old", nil)
	old.Created = old.Created.AddDate(0, 0, -10)
	if err := app.Save(old); err != nil {
		t.Fatal(err)
	}
	app.LogsWriter().Add(NewLog(LogLevelInfo, "pending at shutdown", nil))
	if err := app.Terminate(false); err != nil {
		t.Fatal(err)
	}

	app2 := New(Config{DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app2.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app2.ResetBootstrapState()
	logs := []*Log{}
	if err := app2.LogQuery().All(&logs); err != nil {
		t.Fatal(err)
	}
	// the flush wrote the pending row and removed the one older than maxDays (5)
	if len(logs) != 1 || logs[0].Message != "pending at shutdown" {
		t.Fatalf("rows after terminate: %+v", logs)
	}
}
