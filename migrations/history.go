package migrations

import (
	"github.com/hookbase/hookbase/engine/core"
	"github.com/pocketbase/dbx"
)

// HistorySync deletes the _migrations rows of files that are neither a
// system migration nor in lists (e.g. deleted migration files), so that
// `migrate down` never stops at a file that no longer exists. It returns
// the removed file names.
func HistorySync(app *core.App, lists ...*core.MigrationsList) ([]string, error) {
	known := map[string]bool{}
	for _, list := range append([]*core.MigrationsList{core.SystemMigrations}, lists...) {
		for _, m := range list.Items() {
			known[m.File] = true
		}
	}
	applied, err := app.AppliedMigrations()
	if err != nil {
		return nil, err
	}
	var removed []string
	err = app.RunInTransaction(func(txApp *core.App) error {
		for file := range applied {
			if known[file] {
				continue
			}
			if _, err := txApp.NonconcurrentDB().Delete("_migrations", dbx.HashExp{"file": file}).Execute(); err != nil {
				return err
			}
			removed = append(removed, file)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return removed, nil
}
