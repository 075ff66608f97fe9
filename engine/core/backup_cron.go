package core

import (
	"context"
	"sort"
	"time"
)

// Scheduled backups: settings.backups.cron runs CreateBackup under the
// "@auto_pb_backup_" prefix and keeps the newest cronMaxKeep of them.
const (
	AutoBackupJobId  = "__pbAutoBackup__"
	AutoBackupPrefix = "@auto_pb_backup_"
)

// autoBackupTimeout bounds one scheduled backup (snapshot, zip, upload).
const autoBackupTimeout = 2 * time.Hour

// registerAutoBackup keeps the cron job in line with the settings: every
// settings (re)load adds, replaces or removes it.
func (app *App) registerAutoBackup() {
	app.OnSettingsReload().BindFunc(func(e *SettingsReloadEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		app.loadAutoBackupJob()
		return nil
	})
}

func (app *App) loadAutoBackupJob() {
	expr := app.Settings().Backups.Cron
	if expr == "" {
		app.Cron().Remove(AutoBackupJobId)
		return
	}
	if err := app.Cron().Add(AutoBackupJobId, expr, app.runAutoBackup); err != nil {
		app.Logger().Error("[backup cron] invalid settings.backups.cron", "cron", expr, "error", err)
	}
}

// runAutoBackup is one scheduled run: back up, then rotate.
func (app *App) runAutoBackup() {
	ctx, cancel := context.WithTimeout(context.Background(), autoBackupTimeout)
	defer cancel()
	name := app.GenerateBackupName(AutoBackupPrefix)
	if err := app.CreateBackup(ctx, name); err != nil {
		app.Logger().Error("[backup cron] failed to create backup", "name", name, "error", err)
	}
	if err := app.rotateAutoBackups(ctx, app.Settings().Backups.CronMaxKeep); err != nil {
		app.Logger().Error("[backup cron] failed to remove old backups", "error", err)
	}
}

// rotateAutoBackups deletes all but the newest maxKeep scheduled backups
// (0 keeps all); manual backups are never touched.
func (app *App) rotateAutoBackups(ctx context.Context, maxKeep int) error {
	if maxKeep <= 0 {
		return nil
	}
	store, err := app.NewBackupsStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	files, err := store.List(ctx, AutoBackupPrefix)
	if err != nil {
		return err
	}
	if len(files) <= maxKeep {
		return nil
	}
	// newest first; the name's timestamp breaks ties of equal mod times
	sort.Slice(files, func(i, j int) bool {
		if !files[i].Modified.Equal(files[j].Modified) {
			return files[i].Modified.After(files[j].Modified)
		}
		return files[i].Key > files[j].Key
	})
	var firstErr error
	for _, f := range files[maxKeep:] {
		if err := store.Delete(ctx, f.Key); err != nil {
			app.Logger().Error("[backup cron] failed to remove an old backup", "key", f.Key, "error", err)
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	return firstErr
}
