package core

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/pocketbase/dbx"

	"github.com/hookbase/hookbase/engine/filesystem"
)

// StorageDirName is the directory of pb_data holding local files.
const StorageDirName = "storage"

// BackupsDirName is the directory of pb_data holding local backups.
const BackupsDirName = "backups"

// NewFilesystem opens the record files storage: the S3 bucket of
// settings.s3 when enabled, else pb_data/storage. Keys are
// "<collectionId>/<recordId>/<filename>" as in PocketBase.
func (app *App) NewFilesystem() (*filesystem.System, error) {
	return app.newFilesystemFor(app.Settings().S3, filepath.Join(app.DataDir(), StorageDirName))
}

// NewBackupsFilesystem opens the backups storage: settings.backups.s3 when
// enabled, else pb_data/backups (keys are the backup file names).
func (app *App) NewBackupsFilesystem() (*filesystem.System, error) {
	return app.newFilesystemFor(app.Settings().Backups.S3, filepath.Join(app.DataDir(), BackupsDirName))
}

func (app *App) newFilesystemFor(cfg S3Config, localDir string) (*filesystem.System, error) {
	if cfg.Enabled {
		s3, err := filesystem.NewS3(cfg.ToFilesystem())
		if err != nil {
			return nil, err
		}
		return filesystem.New(s3), nil
	}
	local, err := filesystem.NewLocal(localDir)
	if err != nil {
		return nil, err
	}
	return filesystem.New(local), nil
}

// ToFilesystem converts the settings into the storage client's config.
func (c S3Config) ToFilesystem() filesystem.S3Config {
	return filesystem.S3Config{
		Bucket: c.Bucket, Region: c.Region, Endpoint: c.Endpoint,
		AccessKey: c.AccessKey, Secret: c.Secret, ForcePathStyle: c.ForcePathStyle,
	}
}

// BaseFilesPath is the storage directory of the collection's files.
func (c *Collection) BaseFilesPath() string { return c.Id }

// BaseFilesPath is the storage directory of the record's files.
func (r *Record) BaseFilesPath() string {
	id := r.Id
	if r.lastSavedPK != "" {
		id = r.lastSavedPK
	}
	return r.collection.BaseFilesPath() + "/" + id
}

// FindFileFieldByFile returns the file field whose value holds filename,
// or nil.
func (r *Record) FindFileFieldByFile(filename string) *FileField {
	if filename == "" {
		return nil
	}
	for _, f := range r.collection.Fields {
		ff, ok := f.(*FileField)
		if !ok {
			continue
		}
		for _, name := range ff.storedNames(r.GetRaw(ff.Name)) {
			if name == filename {
				return ff
			}
		}
	}
	return nil
}

// deleteStoragePrefix removes everything under prefix, logging failures
// (a leftover file must not fail an operation that already committed).
func (app *App) deleteStoragePrefix(ctx context.Context, prefix string) {
	fsys, err := app.NewFilesystem()
	if err != nil {
		app.Logger().Warn("failed to open the storage to delete files", "prefix", prefix, "error", err)
		return
	}
	defer fsys.Close()
	fsys.SetContext(ctx)
	if errs := fsys.DeletePrefix(prefix); len(errs) > 0 {
		app.Logger().Warn("failed to delete stored files", "prefix", prefix, "error", errors.Join(errs...))
	}
}

// FindRecordByViewFile finds the record of a base collection that stores
// filename, for serving a file shown through a view collection (a view row
// has no storage directory of its own). Stored names carry a random
// suffix, so the first match is the source.
func (app *App) FindRecordByViewFile(view *Collection, fieldName, filename string) (*Record, error) {
	all, err := app.FindAllCollections()
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if c.IsView() {
			continue
		}
		for _, f := range c.Fields {
			ff, ok := f.(*FileField)
			if !ok {
				continue
			}
			q := app.RecordQuery(c).Limit(1)
			column := "[[" + c.Name + "." + ff.Name + "]]"
			if ff.IsMultiple() {
				q.AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid("+column+") THEN "+column+" ELSE '[]' END) WHERE json_each.value = {:file})", dbx.Params{"file": filename}))
			} else {
				q.AndWhere(dbx.NewExp(column+" = {:file}", dbx.Params{"file": filename}))
			}
			records, err := app.fetchRecords(c, q)
			if err == nil && len(records) > 0 {
				return records[0], nil
			}
		}
	}
	return nil, fmt.Errorf("no record of view %s stores %q", view.Name, filename)
}
