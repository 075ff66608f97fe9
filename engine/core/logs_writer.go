package core

import (
	"context"
	"sync"
	"time"

	"github.com/hookbase/hookbase/engine/tools/hook"
)

// Batching of the log writes: requests only queue their row; the queue is
// written in one auxiliary.db transaction when it holds LogsBatchSize rows,
// LogsFlushDelay after its first row, and before the app terminates.
const (
	LogsBatchSize       = 200
	LogsFlushDelay      = 2 * time.Second
	logsCleanupInterval = time.Hour
)

// LogsWriter queues log rows and writes them asynchronously in batches.
type LogsWriter struct {
	app *App

	mu    sync.Mutex
	queue []*Log
	timer *time.Timer

	flushMu     sync.Mutex
	lastCleanup time.Time
}

// logsWriters holds one writer per app (shared by its transaction copies).
var logsWriters sync.Map // *appShared -> *LogsWriter

// LogsWriter returns the app's log writer, creating it (and binding its
// final flush to OnTerminate) on first use.
func (app *App) LogsWriter() *LogsWriter {
	if w, ok := logsWriters.Load(app.appShared); ok {
		return w.(*LogsWriter)
	}
	w := &LogsWriter{app: app.NonTransactional()}
	actual, loaded := logsWriters.LoadOrStore(app.appShared, w)
	if !loaded {
		app.OnTerminate().Bind(&hook.Handler[*TerminateEvent]{
			Id: "__hbLogsWriterFlush",
			// flush before the default action closes the databases
			Func: func(e *TerminateEvent) error {
				w.Flush()
				logsWriters.Delete(w.app.appShared)
				return e.Next()
			},
		})
	}
	return actual.(*LogsWriter)
}

// Add queues a log row, honouring settings.logs (maxDays 0 disables the
// logs, rows under minLevel are dropped).
func (w *LogsWriter) Add(l *Log) {
	cfg := w.app.Settings().Logs
	if cfg.MaxDays <= 0 || l.Level < cfg.MinLevel {
		return
	}
	w.mu.Lock()
	w.queue = append(w.queue, l)
	full := len(w.queue) >= LogsBatchSize
	if !full && w.timer == nil {
		w.timer = time.AfterFunc(LogsFlushDelay, w.Flush)
	}
	w.mu.Unlock()
	if full {
		go w.Flush()
	}
}

// Pending is the number of queued rows.
func (w *LogsWriter) Pending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.queue)
}

// Flush writes the queued rows now (through app.Save, so model hooks fire)
// and removes the logs older than settings.logs.maxDays once an hour.
func (w *LogsWriter) Flush() {
	w.flushMu.Lock()
	defer w.flushMu.Unlock()

	w.mu.Lock()
	batch := w.queue
	w.queue = nil
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	w.mu.Unlock()

	app := w.app
	if !app.IsBootstrapped() {
		return
	}
	if len(batch) > 0 {
		models := make([]ColumnValuer, len(batch))
		for i, l := range batch {
			models[i] = l
		}
		err := app.AuxRunInTransaction(func(txApp *App) error {
			return txApp.CreateMany(context.Background(), models)
		})
		if err != nil {
			app.Logger().Warn("failed to write the logs batch", "error", err, "rows", len(batch))
		}
	}

	maxDays := app.Settings().Logs.MaxDays
	if maxDays > 0 && time.Since(w.lastCleanup) > logsCleanupInterval {
		w.lastCleanup = time.Now()
		if err := app.DeleteOldLogs(time.Now().AddDate(0, 0, -maxDays)); err != nil {
			app.Logger().Warn("failed to delete old logs", "error", err)
		}
	}
}
