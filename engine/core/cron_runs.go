package core

import (
	"fmt"
	"time"

	"github.com/hookbase/hookbase/engine/tools/cron"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/pocketbase/dbx"
)

// CronRunsTableName is the cron run history table in auxiliary.db.
const CronRunsTableName = "_cronRuns"

// Retention of the cron run history: runs older than CronRunsMaxDays are
// dropped, and each job keeps at most CronRunsMaxPerJob runs.
var (
	CronRunsMaxDays   = 7
	CronRunsMaxPerJob = 200
)

// CronRun is one finished run of a cron job.
type CronRun struct {
	Id       string         `db:"id" json:"id"`
	Job      string         `db:"job" json:"job"`
	Started  types.DateTime `db:"started" json:"started"`
	Duration float64        `db:"duration" json:"duration"` // milliseconds
	Status   string         `db:"status" json:"status"`     // "success" or "error"
	Error    string         `db:"error" json:"error"`       // for JS jobs "file:line:col: message"
}

var cronRunsSchema = []string{
	"CREATE TABLE IF NOT EXISTS `" + CronRunsTableName + "` (`id` TEXT PRIMARY KEY NOT NULL, `job` TEXT NOT NULL, `started` TEXT NOT NULL, `duration` REAL DEFAULT 0 NOT NULL, `status` TEXT NOT NULL, `error` TEXT DEFAULT '' NOT NULL)",
	"CREATE INDEX IF NOT EXISTS `_cronRuns_job_started_idx` ON `" + CronRunsTableName + "` (`job`, `started`)",
}

// ensureCronRunsTable creates the history table on first use: it is
// hookbase's own, so it is not part of PocketBase's migrations history.
func (app *App) ensureCronRunsTable() error {
	for _, stmt := range cronRunsSchema {
		if _, err := app.root.AuxNonconcurrentDB().NewQuery(stmt).Execute(); err != nil {
			return fmt.Errorf("create %s: %w", CronRunsTableName, err)
		}
	}
	return nil
}

// registerCronRuns records every run of the app's cron jobs.
func (app *App) registerCronRuns() {
	app.cron.OnRun(func(r cron.Run) {
		if err := app.saveCronRun(r); err != nil {
			app.Logger().Warn("failed to record a cron run", "job", r.JobId, "error", err)
		}
	})
}

func (app *App) saveCronRun(r cron.Run) error {
	if !app.bootstrapped.Load() {
		return nil
	}
	if err := app.ensureCronRunsTable(); err != nil {
		return err
	}
	status, msg := "success", ""
	if r.Err != nil {
		status, msg = "error", r.Err.Error()
	}
	started, err := types.ParseDateTime(r.Started.UTC())
	if err != nil {
		return err
	}
	db := app.root.AuxNonconcurrentDB()
	_, err = db.Insert(CronRunsTableName, dbx.Params{
		"id":       security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
		"job":      r.JobId,
		"started":  started.String(),
		"duration": float64(r.Duration.Microseconds()) / 1000,
		"status":   status,
		"error":    msg,
	}).Execute()
	if err != nil {
		return fmt.Errorf("insert cron run: %w", err)
	}
	// retention: by age for all jobs, by count for this one
	cutoff := time.Now().UTC().AddDate(0, 0, -CronRunsMaxDays).Format(types.DefaultDateLayout)
	if _, err := db.Delete(CronRunsTableName, dbx.NewExp("[[started]] < {:cutoff}", dbx.Params{"cutoff": cutoff})).Execute(); err != nil {
		return fmt.Errorf("trim cron runs: %w", err)
	}
	_, err = db.NewQuery("DELETE FROM {{" + CronRunsTableName + "}} WHERE [[job]] = {:job} AND [[id]] NOT IN (SELECT [[id]] FROM {{" + CronRunsTableName + "}} WHERE [[job]] = {:job} ORDER BY [[started]] DESC LIMIT {:keep})").
		Bind(dbx.Params{"job": r.JobId, "keep": CronRunsMaxPerJob}).Execute()
	if err != nil {
		return fmt.Errorf("trim cron runs of %s: %w", r.JobId, err)
	}
	return nil
}

// FindCronRuns lists the recorded runs of job, newest first.
func (app *App) FindCronRuns(job string, limit, offset int) ([]*CronRun, error) {
	if err := app.ensureCronRunsTable(); err != nil {
		return nil, err
	}
	out := []*CronRun{}
	err := app.AuxDB().Select("*").From(CronRunsTableName).
		Where(dbx.HashExp{"job": job}).OrderBy("started DESC", "rowid DESC").
		Limit(int64(limit)).Offset(int64(offset)).All(&out)
	if err != nil {
		return nil, fmt.Errorf("find cron runs: %w", err)
	}
	return out, nil
}

// CountCronRuns is the number of recorded runs of job.
func (app *App) CountCronRuns(job string) (int, error) {
	if err := app.ensureCronRunsTable(); err != nil {
		return 0, err
	}
	var n int
	err := app.AuxDB().Select("count(*)").From(CronRunsTableName).Where(dbx.HashExp{"job": job}).Row(&n)
	return n, err
}
