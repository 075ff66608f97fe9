package core

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
)

const migrationsTable = "_migrations"

// Migration is one named schema change. Up/Down get the transaction app.
type Migration struct {
	File string
	Up   func(txApp *App) error
	Down func(txApp *App) error
}

// MigrationsList is an ordered set of migrations (sorted by file name).
type MigrationsList struct {
	items []*Migration
}

// Register adds (or replaces by file name) a migration.
func (l *MigrationsList) Register(up, down func(txApp *App) error, file string) {
	for i, m := range l.items {
		if m.File == file {
			l.items[i] = &Migration{File: file, Up: up, Down: down}
			return
		}
	}
	l.items = append(l.items, &Migration{File: file, Up: up, Down: down})
	sort.SliceStable(l.items, func(i, j int) bool { return l.items[i].File < l.items[j].File })
}

// Items returns the migrations in order.
func (l *MigrationsList) Items() []*Migration { return l.items }

// Clear removes every migration (used when JS migrations are reloaded).
func (l *MigrationsList) Clear() { l.items = nil }

// SystemMigrations are the built-in schema migrations; AppMigrations are the
// user's (fed by Go code and by the JS migrations loader).
var (
	SystemMigrations = &MigrationsList{}
	AppMigrations    = &MigrationsList{}
)

// MigrationsRunner applies and reverts a list against an app's history.
type MigrationsRunner struct {
	app  *App
	list *MigrationsList
}

// NewMigrationsRunner returns a runner of list for app.
func NewMigrationsRunner(app *App, list *MigrationsList) *MigrationsRunner {
	return &MigrationsRunner{app: app, list: list}
}

func (app *App) ensureMigrationsTable() error {
	_, err := app.NonconcurrentDB().NewQuery(
		"CREATE TABLE IF NOT EXISTS " + migrationsTable + " (file VARCHAR(255) PRIMARY KEY NOT NULL, applied INTEGER NOT NULL)").Execute()
	return err
}

// AppliedMigrations returns the applied file names.
func (app *App) AppliedMigrations() (map[string]bool, error) {
	var files []string
	if err := app.DB().Select("file").From(migrationsTable).Column(&files); err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(files))
	for _, f := range files {
		out[f] = true
	}
	return out, nil
}

// MarkMigrationApplied records file in the history.
func (app *App) MarkMigrationApplied(file string) error {
	_, err := app.NonconcurrentDB().NewQuery(
		"INSERT INTO " + migrationsTable + " (file, applied) VALUES ({:file}, {:applied}) ON CONFLICT(file) DO UPDATE SET applied = excluded.applied").
		Bind(dbx.Params{"file": file, "applied": time.Now().UnixMicro()}).Execute()
	return err
}

// Up applies every pending migration in one transaction and returns the
// applied file names; any failure rolls back all of them.
func (r *MigrationsRunner) Up() ([]string, error) {
	if err := r.app.ensureMigrationsTable(); err != nil {
		return nil, fmt.Errorf("create %s: %w", migrationsTable, err)
	}
	var applied []string
	progress := r.app.NewProgress("migrate up")
	// the built-in schema steps of every fresh data dir are not news
	progress.quiet = r.list == SystemMigrations
	start := time.Now()
	err := r.app.RunInTransaction(func(txApp *App) error {
		done, err := txApp.AppliedMigrations()
		if err != nil {
			return err
		}
		pending := r.pending(done)
		if len(pending) > 0 {
			progress.Log(fmt.Sprintf("applying %d migrations", len(pending)), map[string]any{"total": len(pending)})
		}
		for i, m := range pending {
			progress.Log(fmt.Sprintf("applying %d/%d: %s", i+1, len(pending), m.File),
				map[string]any{"file": m.File, "done": i, "total": len(pending)})
			if m.Up != nil {
				if err := m.Up(txApp); err != nil {
					return fmt.Errorf("failed to apply migration %s: %w", m.File, err)
				}
			}
			if err := txApp.MarkMigrationApplied(m.File); err != nil {
				return err
			}
			applied = append(applied, m.File)
		}
		return nil
	})
	if err != nil {
		progress.Error("migrations rolled back", err, nil)
		return nil, err
	}
	if len(applied) > 0 {
		progress.Log(fmt.Sprintf("applied %d migrations in %s", len(applied), time.Since(start).Round(time.Millisecond)),
			map[string]any{"total": len(applied)})
	}
	return applied, nil
}

// pending lists the migrations of the list not in done, in list order.
func (r *MigrationsRunner) pending(done map[string]bool) []*Migration {
	var out []*Migration
	for _, m := range r.list.Items() {
		if !done[m.File] {
			out = append(out, m)
		}
	}
	return out
}

// Down reverts the last n applied migrations of the list (newest first).
func (r *MigrationsRunner) Down(n int) ([]string, error) {
	if err := r.app.ensureMigrationsTable(); err != nil {
		return nil, err
	}
	var reverted []string
	err := r.app.RunInTransaction(func(txApp *App) error {
		var files []string
		err := txApp.DB().Select("file").From(migrationsTable).OrderBy("applied DESC", "file DESC").Column(&files)
		if err != nil {
			return err
		}
		byFile := map[string]*Migration{}
		for _, m := range r.list.Items() {
			byFile[m.File] = m
		}
		for _, f := range files {
			if len(reverted) >= n {
				break
			}
			m, ok := byFile[f]
			if !ok {
				continue // another list's migration (e.g. a system one)
			}
			if m.Down != nil {
				if err := m.Down(txApp); err != nil {
					return fmt.Errorf("failed to revert migration %s: %w", m.File, err)
				}
			}
			if _, err := txApp.NonconcurrentDB().Delete(migrationsTable, dbx.HashExp{"file": f}).Execute(); err != nil {
				return err
			}
			reverted = append(reverted, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return reverted, nil
}

// RunSystemMigrations applies the pending built-in migrations.
func (app *App) RunSystemMigrations() error {
	if _, err := NewMigrationsRunner(app, SystemMigrations).Up(); err != nil {
		return err
	}
	return app.renameLegacyLogsIndexes()
}

// RunAppMigrations applies the pending user migrations.
func (app *App) RunAppMigrations() ([]string, error) {
	return NewMigrationsRunner(app, app.migrations).Up()
}

// RunAllMigrations applies the system and then the app migrations.
func (app *App) RunAllMigrations() error {
	if err := app.RunSystemMigrations(); err != nil {
		return err
	}
	_, err := app.RunAppMigrations()
	return err
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
