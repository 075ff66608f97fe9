package apis

import (
	"context"
	"net/http"
	"regexp"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// backupNamePattern is the shape of a backup name given to POST
// /api/backups (PocketBase's rule; generated names may differ).
var backupNamePattern = regexp.MustCompile(`^[a-z0-9_-]+\.zip$`)

// backupCreateTimeout bounds a backup made through the API.
const backupCreateTimeout = 2 * time.Hour

func backupCreate(e *core.RequestEvent) error {
	if e.App.Store().Has(core.StoreKeyActiveBackup) {
		return router.NewBadRequestError(msgBackupBusy, nil)
	}
	var body struct {
		Name string `json:"name"`
	}
	if err := e.BindBody(&body); err != nil {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", err)
	}
	if err := validationFailed(validateBackupName(e, body.Name)); err != nil {
		return err
	}
	// not the request's context: a client hanging up must not leave a
	// half-made backup behind
	ctx, cancel := context.WithTimeout(context.Background(), backupCreateTimeout)
	defer cancel()
	if err := e.App.CreateBackup(ctx, body.Name); err != nil {
		return router.NewBadRequestError("Failed to create backup.", nil)
	}
	return e.NoContent(http.StatusNoContent)
}

func validateBackupName(e *core.RequestEvent, name string) validation.Errors {
	errs := validation.Errors{}
	switch {
	case name == "":
		// generated
	case len(name) > 150:
		errs["name"] = validation.NewError("validation_length_out_of_range", "The length must be between 1 and 150.").
			SetParams(map[string]any{"min": 1, "max": 150})
	case !backupNamePattern.MatchString(name):
		errs["name"] = validation.NewError("validation_match_invalid", "Must be in a valid format.")
	default:
		if backupExists(e, name) {
			errs["name"] = validation.NewError("validation_backup_name_exists", "The backup file name is invalid or already exists.")
		}
	}
	return errs
}

// backupExists reports whether key is taken (a store error counts as
// taken, so that nothing is overwritten by mistake).
func backupExists(e *core.RequestEvent, key string) bool {
	ctx, cancel := context.WithTimeout(e.Request.Context(), backupListTimeout)
	defer cancel()
	store, err := e.App.NewBackupsStore(ctx)
	if err != nil {
		return true
	}
	defer store.Close()
	exists, err := store.Exists(ctx, key)
	return err != nil || exists
}
