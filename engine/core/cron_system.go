package core

import "time"

// The built-in cron jobs, with PocketBase's ids and schedules (GET
// /api/crons lists them after the user's jobs). The OTP/MFA cleanups are
// registered with the auth sessions (auth_sessions.go).
const (
	CronIdDBOptimize  = "__pbDBOptimize__"
	CronIdLogsCleanup = "__pbLogsCleanup__"
)

// registerSystemCronJobs adds the database maintenance and logs cleanup
// jobs; they run once the scheduler starts (serve).
func (app *App) registerSystemCronJobs() {
	_ = app.Cron().Add(CronIdDBOptimize, "0 0 * * *", app.optimizeDatabases)
	_ = app.Cron().Add(CronIdLogsCleanup, "0 */6 * * *", func() {
		// maxDays 0 (logs off) removes every stored log, as PocketBase does
		if err := app.DeleteOldLogs(time.Now().AddDate(0, 0, -app.Settings().Logs.MaxDays)); err != nil {
			app.Logger().Warn("Failed to delete old logs", "error", err)
		}
	})
}

// optimizeDatabases runs the dialect's periodic maintenance (for SQLite: a
// WAL checkpoint that truncates the -wal file, then PRAGMA optimize) on
// the data and auxiliary databases.
func (app *App) optimizeDatabases() {
	if !app.IsBootstrapped() {
		return
	}
	for _, q := range app.Dialect().MaintenanceQueries() {
		if _, err := app.NonconcurrentDB().NewQuery(q).Execute(); err != nil {
			app.Logger().Warn("Failed to run the periodic maintenance of the main DB", "query", q, "error", err)
		}
		if _, err := app.AuxNonconcurrentDB().NewQuery(q).Execute(); err != nil {
			app.Logger().Warn("Failed to run the periodic maintenance of the auxiliary DB", "query", q, "error", err)
		}
	}
}
