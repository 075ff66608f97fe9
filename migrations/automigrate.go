package migrations

import (
	"os"
	"path/filepath"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

// BindAutomigrate makes every collection created, updated or deleted through
// the Web API write a migration file into dir (`<unix>_created_<name>.js`,
// `_updated_`, `_deleted_`) that replays the change, and record it as
// applied in the same transaction as the change itself, so the file never
// runs again here but does run on another machine. Changes made by
// migrations or Go code are not request events and write nothing.
func BindAutomigrate(app *core.App, dir string) {
	app.OnCollectionCreateRequest().BindFunc(func(e *core.CollectionRequestEvent) error {
		return automigrate(e, dir, "created", func(_ *core.Collection, c *core.Collection) (string, bool, error) {
			content, err := CreatedTemplate(c)
			return content, true, err
		})
	})
	app.OnCollectionUpdateRequest().BindFunc(func(e *core.CollectionRequestEvent) error {
		return automigrate(e, dir, "updated", UpdatedTemplate)
	})
	app.OnCollectionDeleteRequest().BindFunc(func(e *core.CollectionRequestEvent) error {
		return automigrate(e, dir, "deleted", func(old *core.Collection, _ *core.Collection) (string, bool, error) {
			content, err := DeletedTemplate(old)
			return content, true, err
		})
	})
}

// automigrate runs the rest of the request chain inside a transaction and,
// when it succeeded, writes the migration rendered from the stored
// collection before (nil on create) and after the change.
func automigrate(e *core.CollectionRequestEvent, dir, action string, render func(old, new *core.Collection) (string, bool, error)) error {
	var old *core.Collection
	if action != "created" && e.Collection != nil {
		// a fresh copy from the database: e.Collection already holds the changes
		found, err := e.App.FindCollectionByNameOrId(e.Collection.Id)
		if err != nil {
			return e.Next()
		}
		old = found
	}
	var written string
	err := e.App.RunInTransaction(func(txApp *core.App) error {
		original := e.App
		e.App = txApp
		defer func() { e.App = original }()
		if err := e.Next(); err != nil {
			return err
		}
		content, ok, err := render(old, e.Collection)
		if err != nil || !ok {
			return err
		}
		name := e.Collection.Name
		if action == "deleted" {
			name = old.Name
		}
		path, err := WriteFile(dir, time.Now(), action+"_"+name, content)
		if err != nil {
			return err
		}
		written = path
		return txApp.MarkMigrationApplied(filepath.Base(path))
	})
	if err != nil && written != "" {
		os.Remove(written) // the change was rolled back: so is its file
	}
	return err
}
