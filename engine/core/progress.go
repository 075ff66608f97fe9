package core

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Progress reports how far a long job (a backup, a restore, migrations)
// is: every step goes to the app logger (the console) and to the _logs
// table, so that the dashboard's logs show it too. Step logs are throttled
// to one per interval unless forced.
type Progress struct {
	app      *App
	job      string
	interval time.Duration
	quiet    bool // log nothing but errors

	mu   sync.Mutex
	last time.Time
}

// NewProgress starts reporting for job (e.g. "backup create").
func (app *App) NewProgress(job string) *Progress {
	return &Progress{app: app, job: job, interval: time.Second}
}

// Log reports a step that is always logged.
func (p *Progress) Log(message string, data map[string]any) {
	p.mu.Lock()
	p.last = time.Now()
	p.mu.Unlock()
	p.write(slog.LevelInfo, message, data)
}

// Step reports a step unless one was logged less than the interval ago.
func (p *Progress) Step(message string, data map[string]any) {
	p.mu.Lock()
	if time.Since(p.last) < p.interval {
		p.mu.Unlock()
		return
	}
	p.last = time.Now()
	p.mu.Unlock()
	p.write(slog.LevelInfo, message, data)
}

// Error reports a failure of the job.
func (p *Progress) Error(message string, err error, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	data["error"] = err.Error()
	p.write(slog.LevelError, message, data)
}

func (p *Progress) write(level slog.Level, message string, data map[string]any) {
	if p.quiet && level < slog.LevelError {
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	data["job"] = p.job
	msg := fmt.Sprintf("[%s] %s", p.job, message)
	attrs := make([]any, 0, 2*len(data))
	for k, v := range data {
		attrs = append(attrs, k, v)
	}
	p.app.Logger().Log(context.Background(), level, msg, attrs...)
	// _logs is only reachable once the settings are loaded (bootstrap)
	if p.app.settings.Load() != nil {
		p.app.LogsWriter().Add(NewLog(int(level), msg, data))
	}
}

// humanBytes formats a size for progress messages ("12.3 MB").
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "KMGTPE"[exp])
}
