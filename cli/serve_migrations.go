package cli

import (
	"bytes"
	"os"
	"path/filepath"

	"github.com/hookbase/hookbase"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/migrations"
)

// attach prepares a bootstrapped app for serving: it writes
// pb_data/types.d.ts (when changed), registers the JS migrations (which
// serve then applies) and binds automigrate.
func attachMigrations(flags *globalFlags, app *core.App) error {
	if err := writeTypes(app.DataDir()); err != nil {
		app.Logger().Warn("cannot write types.d.ts", "error", err)
	}
	dir := flags.migrationsDirOrDefault()
	// no time budget: a migration that seeds data may legitimately run long
	_, err := migrations.RegisterJS(core.AppMigrations, migrations.JSOptions{Dir: dir, Logger: app.Logger()})
	if err != nil {
		return err
	}
	if flags.automigrate {
		migrations.BindAutomigrate(app, dir)
	}
	return nil
}

// writeTypes writes the JS declarations into the data dir, only when they
// differ, so that editors watching the file do not reload needlessly.
func writeTypes(dataDir string) error {
	path := filepath.Join(dataDir, "types.d.ts")
	content := []byte(hookbase.TypesDTS)
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return nil
	}
	return os.WriteFile(path, content, 0o644)
}
