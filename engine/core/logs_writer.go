package core

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookbase/hookbase/engine/tools/hook"
)

// Batching of the log writes: requests only queue their row; the queue is
// written in one auxiliary.db transaction when it holds LogsBatchSize rows,
// LogsFlushDelay after its first row, and before the app terminates. At
// most LogsQueueLimit rows wait in memory: past that a new row is dropped
// (and counted) rather than making a request wait for the database.
const (
	LogsBatchSize       = 1000
	LogsFlushDelay      = time.Second
	LogsQueueLimit      = 10000
	logsCleanupInterval = time.Hour
	// logsWriteTimeout bounds one batch's transaction, so that a stuck
	// database cannot hold the writer (and the terminate flush) forever.
	logsWriteTimeout = 30 * time.Second
)

// LogsWriter queues log rows and writes them asynchronously in batches.
type LogsWriter struct {
	app *App

	mu           sync.Mutex
	queue        []*Log
	spare        []*Log // the last written batch's array, reused for the next queue
	timer        *time.Timer
	flushPending bool // a size-triggered flush is on its way

	dropped atomic.Uint64
	written atomic.Uint64

	flushMu     sync.Mutex // one batch at a time; guards bulk and lastCleanup
	bulk        logsBulkInserter
	lastCleanup time.Time
}

// LogsWriterStats are the writer's counters since start.
type LogsWriterStats struct {
	// Pending rows wait in the queue.
	Pending int `json:"pending"`
	// Written rows were saved to _logs.
	Written uint64 `json:"written"`
	// Dropped rows found the queue full (LogsQueueLimit) and were lost.
	Dropped uint64 `json:"dropped"`
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
				w.flushMu.Lock()
				w.bulk.close()
				w.flushMu.Unlock()
				logsWriters.Delete(w.app.appShared)
				return e.Next()
			},
		})
	}
	return actual.(*LogsWriter)
}

// Add queues a log row, honouring settings.logs (maxDays 0 disables the
// logs, rows under minLevel are dropped). It never waits for a write: a
// full queue drops the row and counts it (Stats().Dropped).
func (w *LogsWriter) Add(l *Log) {
	cfg := &w.app.Settings().Logs
	if cfg.MaxDays <= 0 || l.Level < cfg.MinLevel {
		return
	}
	w.mu.Lock()
	if len(w.queue) >= LogsQueueLimit {
		w.mu.Unlock()
		w.dropped.Add(1)
		return
	}
	if w.queue == nil && w.spare != nil {
		w.queue, w.spare = w.spare, nil
	}
	w.queue = append(w.queue, l)
	flushNow := len(w.queue) >= LogsBatchSize && !w.flushPending
	if flushNow {
		w.flushPending = true
	} else if w.timer == nil {
		w.timer = time.AfterFunc(LogsFlushDelay, w.Flush)
	}
	w.mu.Unlock()
	if flushNow {
		go w.Flush()
	}
}

// Pending is the number of queued rows.
func (w *LogsWriter) Pending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.queue)
}

// Stats returns the writer's counters.
func (w *LogsWriter) Stats() LogsWriterStats {
	return LogsWriterStats{Pending: w.Pending(), Written: w.written.Load(), Dropped: w.dropped.Load()}
}

// Flush writes the queued rows now and removes the logs older than
// settings.logs.maxDays once an hour. The rows are saved as models (every
// model hook that may see a _logs row fires, as with app.Save) when such a
// hook is bound, and by prepared multi-row INSERTs when none is.
func (w *LogsWriter) Flush() {
	w.flushMu.Lock()
	defer w.flushMu.Unlock()

	w.mu.Lock()
	batch := w.queue
	w.queue = nil
	w.flushPending = false
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
	w.mu.Unlock()

	app := w.app
	if !app.IsBootstrapped() {
		w.recycle(batch)
		return
	}
	if len(batch) > 0 {
		var err error
		if app.logModelHooksBound() {
			err = w.saveAsModels(batch)
		} else {
			err = w.bulk.insert(app, batch)
		}
		if err != nil {
			app.Logger().Warn("failed to write the logs batch", "error", err, "rows", len(batch))
		} else {
			w.written.Add(uint64(len(batch)))
		}
		w.recycle(batch)
	}

	maxDays := app.Settings().Logs.MaxDays
	if maxDays > 0 && time.Since(w.lastCleanup) > logsCleanupInterval {
		w.lastCleanup = time.Now()
		if err := app.DeleteOldLogs(time.Now().AddDate(0, 0, -maxDays)); err != nil {
			app.Logger().Warn("failed to delete old logs", "error", err)
		}
	}
}

// recycle keeps a written batch's array for the next queue (its rows are
// cleared so that they can be collected).
func (w *LogsWriter) recycle(batch []*Log) {
	if batch == nil || cap(batch) > 2*LogsQueueLimit {
		return
	}
	clear(batch)
	w.mu.Lock()
	if w.spare == nil {
		w.spare = batch[:0]
	}
	w.mu.Unlock()
}

// saveAsModels writes the rows through CreateMany, firing the model hooks.
func (w *LogsWriter) saveAsModels(batch []*Log) error {
	models := make([]ColumnValuer, len(batch))
	for i, l := range batch {
		models[i] = l
	}
	return w.app.AuxRunInTransaction(func(txApp *App) error {
		return txApp.CreateMany(context.Background(), models)
	})
}

// logModelHooksBound reports whether a model hook would see a _logs row
// being created (an untagged handler, or one tagged "_logs"). Checked at
// every flush, since hooks may be bound (or hot reloaded) at any time.
func (app *App) logModelHooksBound() bool {
	return app.hooks.onModelCreate.HasHandlerFor(LogsTableName) ||
		app.hooks.onModelCreateExecute.HasHandlerFor(LogsTableName) ||
		app.hooks.onModelAfterCreateSuccess.HasHandlerFor(LogsTableName) ||
		app.hooks.onModelAfterCreateError.HasHandlerFor(LogsTableName)
}
