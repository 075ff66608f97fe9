package core

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// swapDataDir replaces the entries of pb_data with those of extracted
// while the app is paused: close the databases, move the current entries
// to oldDir, move the extracted ones in, bootstrap again and apply the app
// migrations. On any failure the moves are undone and the previous data
// reopened.
func (app *App) swapDataDir(extracted, oldDir string, exclude []string, progress *Progress) error {
	dataDir := app.DataDir()
	if err := app.ResetBootstrapState(); err != nil {
		return app.reopenAfterFailedSwap(fmt.Errorf("close the databases: %w", err), nil, nil, dataDir, extracted, oldDir, progress)
	}
	progress.Log("databases closed; swapping the data dir", nil)

	movedOld, err := moveDirEntries(dataDir, oldDir, exclude, nil)
	if err != nil {
		return app.reopenAfterFailedSwap(fmt.Errorf("move the current data aside: %w", err), movedOld, nil, dataDir, extracted, oldDir, progress)
	}
	movedNew, err := moveDirEntries(extracted, dataDir, exclude, nil)
	if err != nil {
		return app.reopenAfterFailedSwap(fmt.Errorf("move the restored data in: %w", err), movedOld, movedNew, dataDir, extracted, oldDir, progress)
	}

	progress.Log("data dir swapped; reopening", nil)
	if err := app.rebootstrap(); err != nil {
		return app.reopenAfterFailedSwap(fmt.Errorf("open the restored data: %w", err), movedOld, movedNew, dataDir, extracted, oldDir, progress)
	}
	return nil
}

// rebootstrap opens the data dir again as a restart would: Bootstrap
// (system migrations, settings, collections, OnBootstrap) and the app
// migrations a restored older backup may still lack.
func (app *App) rebootstrap() error {
	if err := app.Bootstrap(); err != nil {
		return err
	}
	if _, err := app.RunAppMigrations(); err != nil {
		_ = app.ResetBootstrapState()
		return fmt.Errorf("app migrations: %w", err)
	}
	return nil
}

// reopenAfterFailedSwap undoes the moves made so far and bootstraps the
// previous data again, returning cause (joined with any undo failure).
func (app *App) reopenAfterFailedSwap(cause error, movedOld, movedNew []string, dataDir, extracted, oldDir string, progress *Progress) error {
	progress.Error("swap failed, putting the previous data back", cause, nil)
	errs := []error{cause}
	if err := app.ResetBootstrapState(); err != nil {
		errs = append(errs, fmt.Errorf("close: %w", err))
	}
	if len(movedNew) > 0 {
		if _, err := moveDirEntries(dataDir, extracted, nil, movedNew); err != nil {
			errs = append(errs, fmt.Errorf("undo moving the restored data in: %w", err))
		}
	}
	if len(movedOld) > 0 {
		if _, err := moveDirEntries(oldDir, dataDir, nil, movedOld); err != nil {
			errs = append(errs, fmt.Errorf("undo moving the current data aside: %w", err))
		}
	}
	if err := app.Bootstrap(); err != nil {
		errs = append(errs, fmt.Errorf("reopen the previous data: %w", err))
	}
	return errors.Join(errs...)
}

// moveDirEntries renames the top-level entries of src into dst: those in
// only when given, else all but the excluded names. It returns the names
// moved, so that a failure can be undone.
func moveDirEntries(src, dst string, exclude, only []string) ([]string, error) {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return nil, err
	}
	names := only
	if names == nil {
		entries, err := os.ReadDir(src)
		if err != nil {
			return nil, err
		}
		skip := map[string]bool{}
		for _, e := range exclude {
			skip[e] = true
		}
		for _, e := range entries {
			if !skip[e.Name()] {
				names = append(names, e.Name())
			}
		}
	}
	var moved []string
	for _, name := range names {
		from, to := filepath.Join(src, name), filepath.Join(dst, name)
		if _, err := os.Lstat(from); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.Rename(from, to); err != nil {
			return moved, err
		}
		moved = append(moved, name)
	}
	return moved, nil
}
