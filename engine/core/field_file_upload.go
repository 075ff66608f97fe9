package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/filesystem"
)

// Intercept stores a record's new files around its INSERT/UPDATE and
// removes files the record no longer references, keeping storage and
// database consistent on every path:
//   - new files are stored before the row is written; a failed write
//     deletes them at once, a rollback of the transaction deletes them then;
//   - files dropped from the value (and their thumbs) are deleted only after
//     the commit, so a rollback never leaves a name pointing at nothing;
//   - a deleted record's directory goes after the delete commits.
func (f *FileField) Intercept(ctx context.Context, app *App, record *Record, action string, next func() error) error {
	switch action {
	case InterceptorActionCreateExecute, InterceptorActionUpdateExecute:
		return f.interceptSave(ctx, app, record, next)
	case InterceptorActionDeleteExecute:
		if !f.isFirstFileField(record.collection) {
			return next()
		}
		dir := record.BaseFilesPath() + "/"
		if err := next(); err != nil {
			return err
		}
		return app.afterCommit(func() error {
			app.root.deleteStoragePrefix(context.WithoutCancel(ctx), dir)
			return nil
		}, nil)
	}
	return next()
}

// isFirstFileField makes one field of the collection own the cleanup of
// the whole record directory.
func (f *FileField) isFirstFileField(c *Collection) bool {
	for _, field := range c.Fields {
		if ff, ok := field.(*FileField); ok {
			return ff == f
		}
	}
	return false
}

func (f *FileField) interceptSave(ctx context.Context, app *App, record *Record, next func() error) error {
	wasNew := record.IsNew()
	oldNames := f.storedNames(record.Original().GetRaw(f.Name))
	uploads := f.uploads(record.GetRaw(f.Name))
	dir := record.BaseFilesPath()
	if len(uploads) > 0 && record.Id == "" {
		return errors.New("uploading files requires the record to have an id")
	}
	cleanupCtx := context.WithoutCancel(ctx)

	var stored []string
	if len(uploads) > 0 {
		fsys, err := app.NewFilesystem()
		if err != nil {
			return fmt.Errorf("file field %s: %w", f.Name, err)
		}
		fsys.SetContext(ctx)
		for _, upload := range uploads {
			if err := fsys.UploadFile(upload, dir+"/"+upload.Name); err != nil {
				f.deleteFiles(cleanupCtx, app, dir, stored, wasNew)
				fsys.Close()
				return fmt.Errorf("file field %s: failed to store %q: %w", f.Name, upload.Name, err)
			}
			stored = append(stored, upload.Name)
		}
		fsys.Close()
	}

	if err := next(); err != nil {
		f.deleteFiles(cleanupCtx, app, dir, stored, wasNew)
		return err
	}

	// the value (and the saved snapshot) now hold plain names
	names := f.storedNames(record.GetRaw(f.Name))
	value := f.shape(toAnySlice(names))
	record.data[f.Name] = value
	if record.original != nil {
		record.original[f.Name] = value
	}

	var removed []string
	for _, name := range oldNames {
		if !slices.Contains(names, name) {
			removed = append(removed, name)
		}
	}
	if len(stored) == 0 && len(removed) == 0 {
		return nil
	}
	return app.afterCommit(func() error {
		f.deleteFiles(cleanupCtx, app.root, dir, removed, false)
		return nil
	}, func(error) error {
		f.deleteFiles(cleanupCtx, app.root, dir, stored, wasNew)
		return nil
	})
}

// deleteFiles removes plain names (and their thumbs) from dir; with
// dropEmptyDir an emptied record directory goes too. Failures are logged:
// they happen after the outcome of the save is decided.
func (f *FileField) deleteFiles(ctx context.Context, app *App, dir string, names []string, dropEmptyDir bool) {
	if len(names) == 0 && !dropEmptyDir {
		return
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		app.Logger().Warn("failed to open the storage to delete files", "dir", dir, "error", err)
		return
	}
	defer fsys.Close()
	fsys.SetContext(ctx)
	var failed []error
	for _, name := range names {
		if name == "" || strings.ContainsAny(name, "/\\") {
			continue
		}
		if err := fsys.Delete(dir + "/" + name); err != nil && !errors.Is(err, filesystem.ErrNotFound) {
			failed = append(failed, err)
			continue
		}
		failed = append(failed, fsys.DeletePrefix(dir+"/thumbs_"+name+"/")...)
	}
	if len(failed) > 0 {
		app.Logger().Warn("failed to delete files", "dir", dir, "error", errors.Join(failed...))
	}
	if dropEmptyDir && fsys.IsEmptyDir(dir) {
		_ = fsys.Delete(dir)
	}
}

func toAnySlice(items []string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}
