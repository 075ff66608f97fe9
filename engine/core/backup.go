package core

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hookbase/hookbase/engine/tools/inflector"
	"github.com/hookbase/hookbase/engine/tools/security"
)

// StoreKeyActiveBackup is the app store key holding the name of the backup
// being created or restored (as in PocketBase); while it is set, other
// backup and restore calls are refused.
const StoreKeyActiveBackup = "@activeBackup"

// ErrBackupInProgress is returned while another backup or restore runs.
var ErrBackupInProgress = errors.New("try again later - another backup/restore operation has already been started")

// claimActiveBackup marks name as the running backup operation, atomically,
// and returns the function that clears the mark.
func (app *App) claimActiveBackup(name string) (release func(), err error) {
	claimed := false
	app.Store().GetOrSet(StoreKeyActiveBackup, func() any {
		claimed = true
		return name
	})
	if !claimed {
		return nil, ErrBackupInProgress
	}
	return func() { app.Store().Remove(StoreKeyActiveBackup) }, nil
}

// defaultBackupExclude are the pb_data entries a backup never contains.
func defaultBackupExclude() []string {
	return []string{LocalBackupsDirName, LocalTempDirName, LocalAutocertCacheDirName, lostFoundDirName}
}

// GenerateBackupName returns prefix + the app name in snake case (at most
// 50 chars) + the UTC time + ".zip", PocketBase's default backup name.
func (app *App) GenerateBackupName(prefix string) string {
	name := inflector.Snakecase(app.Settings().Meta.AppName)
	if len(name) > 50 {
		name = name[:50]
	}
	return fmt.Sprintf("%s%s_%s.zip", prefix, name, time.Now().UTC().Format("20060102150405"))
}

// CreateBackup archives pb_data (except the backups and temp dirs) into
// the backups store under name (generated when empty; an existing backup
// of that name is replaced). The databases are snapshotted with VACUUM
// INTO, so writes go on while the backup is taken; storage/ and the other
// files are archived after the snapshot. It fires OnBackupCreate.
func (app *App) CreateBackup(ctx context.Context, name string) error {
	app = app.NonTransactional()
	if ctx == nil {
		ctx = context.Background()
	}
	release, err := app.claimActiveBackup(name)
	if err != nil {
		return err
	}
	defer release()

	event := &BackupEvent{App: app, Context: ctx, Name: name, Exclude: defaultBackupExclude()}
	return app.OnBackupCreate().Trigger(event, func(e *BackupEvent) error {
		if e.Name == "" {
			e.Name = app.GenerateBackupName("pb_backup_")
		}
		if !ValidBackupKey(e.Name) {
			return fmt.Errorf("invalid backup name %q", e.Name)
		}
		app.Store().Set(StoreKeyActiveBackup, e.Name)
		progress := app.NewProgress("backup create")
		progress.Log("creating backup "+e.Name, map[string]any{"name": e.Name})
		start := time.Now()
		if err := app.createBackupArchive(e.Context, e.Name, e.Exclude, progress); err != nil {
			progress.Error("backup "+e.Name+" failed", err, map[string]any{"name": e.Name})
			return err
		}
		progress.Log(fmt.Sprintf("backup %s created in %s", e.Name, time.Since(start).Round(time.Millisecond)),
			map[string]any{"name": e.Name})
		return nil
	})
}

func (app *App) createBackupArchive(ctx context.Context, name string, exclude []string, progress *Progress) error {
	if !app.IsBootstrapped() {
		return errors.New("the app is not bootstrapped")
	}
	workDir, err := app.newTempWorkDir("pb_backup_")
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDir)

	snapshots, err := app.snapshotDatabases(ctx, workDir, progress)
	if err != nil {
		return err
	}
	entries, err := collectArchiveEntries(app.DataDir(), exclude)
	if err != nil {
		return fmt.Errorf("list pb_data: %w", err)
	}
	for _, db := range backupDatabases {
		st, err := os.Stat(snapshots[db])
		if err != nil {
			return fmt.Errorf("snapshot %s: %w", db, err)
		}
		entries = append([]archiveEntry{{name: db, path: snapshots[db], size: st.Size()}}, entries...)
	}

	zipPath := filepath.Join(workDir, "backup.zip")
	if err := writeArchive(ctx, zipPath, entries, progress); err != nil {
		return err
	}

	store, err := app.NewBackupsStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	f, err := os.Open(zipPath)
	if err != nil {
		return fmt.Errorf("open archive: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat archive: %w", err)
	}
	progress.Log("storing "+name, map[string]any{"bytes": st.Size(), "size": humanBytes(st.Size())})
	if err := store.Upload(ctx, name, f, st.Size()); err != nil {
		return fmt.Errorf("store backup: %w", err)
	}
	return nil
}

// newTempWorkDir creates a fresh dir under pb_data/.pb_temp_to_delete (on
// the same device as pb_data, so renames out of it never copy).
func (app *App) newTempWorkDir(prefix string) (string, error) {
	base := filepath.Join(app.DataDir(), LocalTempDirName)
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", fmt.Errorf("create temp dir: %w", err)
	}
	dir := filepath.Join(base, prefix+security.RandomStringWithAlphabet(10, "abcdefghijklmnopqrstuvwxyz0123456789"))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", fmt.Errorf("create temp dir: %w", err)
	}
	return dir, nil
}
