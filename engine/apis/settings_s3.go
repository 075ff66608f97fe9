package apis

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/filesystem"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// s3TestTimeout bounds a connection check against an unreachable endpoint.
const s3TestTimeout = 30 * time.Second

// settingsTestS3 checks the S3 settings of the files ("storage") or the
// backups storage by uploading and deleting a small file, as PocketBase.
func settingsTestS3(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	var body struct {
		Filesystem string `json:"filesystem"`
	}
	if err := e.BindBody(&body); err != nil {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", err)
	}
	switch body.Filesystem {
	case "storage", "backups":
	case "":
		return router.NewBadRequestError("Failed to test the S3 filesystem.", validation.Errors{"filesystem": validation.Required()})
	default:
		return router.NewBadRequestError("Failed to test the S3 filesystem.", validation.Errors{
			"filesystem": validation.NewError("validation_in_invalid", "Must be a valid value."),
		})
	}
	cfg := e.App.Settings().S3
	if body.Filesystem == "backups" {
		cfg = e.App.Settings().Backups.S3
	}
	if err := testS3Storage(e.Request.Context(), cfg); err != nil {
		return router.NewBadRequestError("Failed to test the S3 filesystem. Raw error: \n"+err.Error(), nil)
	}
	return e.NoContent(http.StatusNoContent)
}

func testS3Storage(ctx context.Context, cfg core.S3Config) error {
	if !cfg.Enabled {
		return errors.New("S3 storage filesystem is not enabled")
	}
	ctx, cancel := context.WithTimeout(ctx, s3TestTimeout)
	defer cancel()
	s3, err := filesystem.NewS3(cfg.ToFilesystem())
	if err != nil {
		return fmt.Errorf("failed to initialize the S3 filesystem: %w", err)
	}
	fsys := filesystem.New(s3)
	defer fsys.Close()
	fsys.SetContext(ctx)
	prefix := "pb_settings_test_" + security.PseudorandomString(5)
	if err := fsys.Upload([]byte("test"), prefix+"/test.txt"); err != nil {
		return fmt.Errorf("failed to upload a test file: %w", err)
	}
	if errs := fsys.DeletePrefix(prefix + "/"); len(errs) > 0 {
		return fmt.Errorf("failed to delete a test file: %w", errs[0])
	}
	return nil
}
