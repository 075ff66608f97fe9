package apis

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/hook"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/pocketbase/dbx"
)

// InstallerEmail is the address of the temporary superuser whose
// short-lived token lets the dashboard's installer create the first real
// superuser. It is PocketBase's address, so a pb_data that PocketBase left
// mid-install is recognised too.
const InstallerEmail = "__pbinstaller@example.com"

// InstallerTokenDuration is how long the printed installer link works.
const InstallerTokenDuration = 30 * time.Minute

// DefaultInstallerFunc prints the dashboard link that opens the
// create-superuser form, carrying a short-lived token of systemSuperuser.
func DefaultInstallerFunc(app *core.App, systemSuperuser *core.Record, baseURL string) error {
	token, err := systemSuperuser.NewStaticAuthToken(InstallerTokenDuration)
	if err != nil {
		return fmt.Errorf("installer token: %w", err)
	}
	link := strings.TrimRight(baseURL, "/") + "/_/#/pbinstall/" + token
	fmt.Printf("\n(!) There is no superuser yet. Open this link (valid for %s) to create the first one:\n    %s\n(or run: %s superuser upsert EMAIL PASS)\n\n",
		InstallerTokenDuration, link, executableHint())
	return nil
}

// loadInstaller runs installerFunc with the installer superuser when no
// real superuser exists; once one does, a leftover installer is removed.
func loadInstaller(app *core.App, baseURL string, installerFunc func(*core.App, *core.Record, string) error) error {
	real, err := app.CountRecords(core.CollectionNameSuperusers, dbx.Not(dbx.HashExp{core.FieldNameEmail: InstallerEmail}))
	if err != nil {
		return fmt.Errorf("count superusers: %w", err)
	}
	if real > 0 {
		return deleteInstallerSuperuser(app)
	}
	if installerFunc == nil {
		return nil
	}
	installer, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, InstallerEmail)
	if errors.Is(err, sql.ErrNoRows) {
		collection, cerr := app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
		if cerr != nil {
			return fmt.Errorf("superusers collection: %w", cerr)
		}
		installer = core.NewRecord(collection)
		installer.SetEmail(InstallerEmail)
		installer.SetPassword(security.RandomString(40)) // never told to anyone
		if err = app.Save(installer); err != nil {
			return fmt.Errorf("create installer superuser: %w", err)
		}
	} else if err != nil {
		return fmt.Errorf("find installer superuser: %w", err)
	}
	return installerFunc(app, installer, baseURL)
}

// bindInstallerCleanup deletes the installer superuser as soon as a real
// superuser is created, which also invalidates the printed link.
func bindInstallerCleanup(app *core.App) {
	app.OnRecordAfterCreateSuccess(core.CollectionNameSuperusers).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "hookbaseInstallerCleanup",
		Func: func(e *core.RecordEvent) error {
			if e.Record.Email() != InstallerEmail {
				if err := deleteInstallerSuperuser(e.App); err != nil {
					e.App.Logger().Warn("installer superuser not deleted", "error", err)
				}
			}
			return e.Next()
		},
	})
}

func deleteInstallerSuperuser(app *core.App) error {
	installer, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, InstallerEmail)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find installer superuser: %w", err)
	}
	if err := app.Delete(installer); err != nil {
		return fmt.Errorf("delete installer superuser: %w", err)
	}
	return nil
}

// executableHint is how the user runs this binary (`go run` builds into a
// go-build temp dir).
func executableHint() string {
	if strings.Contains(filepath.ToSlash(os.Args[0]), "/go-build") {
		return "go run ./cmd/hookbase"
	}
	return filepath.Base(os.Args[0])
}
