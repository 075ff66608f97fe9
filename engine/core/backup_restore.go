package core

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// RestorePauseTimeout bounds how long a restore waits for the in-flight
// requests to finish before it gives up (and changes nothing).
var RestorePauseTimeout = 30 * time.Second

// RestoreBackup replaces pb_data with the backup name, without restarting
// the process: the backup is fetched, extracted and checked first; then
// new requests are held back (see RequestGate), in-flight ones finish, the
// databases are closed, the data dir entries are swapped, and the app
// bootstraps again on the restored data (system and app migrations,
// settings, collections, OnBootstrap — where the JS hooks reload) before
// requests flow again. Any failure puts the previous data back and
// reopens it, so the app keeps serving what it had. It fires
// OnBackupRestore.
//
// The work is done with renames of closed files inside pb_data, so it
// works on every OS (Windows included) as long as pb_data is one device.
func (app *App) RestoreBackup(ctx context.Context, name string) error {
	app = app.NonTransactional()
	if ctx == nil {
		ctx = context.Background()
	}
	release, err := app.claimActiveBackup(name)
	if err != nil {
		return err
	}
	defer release()

	event := &BackupEvent{App: app, Context: ctx, Name: name,
		Exclude: []string{LocalBackupsDirName, LocalTempDirName, LocalAutocertCacheDirName, lostFoundDirName}}
	return app.OnBackupRestore().Trigger(event, func(e *BackupEvent) error {
		progress := app.NewProgress("backup restore")
		progress.Log("restoring backup "+e.Name, map[string]any{"name": e.Name})
		start := time.Now()
		if err := app.restoreBackup(e.Context, e.Name, e.Exclude, progress); err != nil {
			progress.Error("restore of "+e.Name+" failed; the previous data is kept", err, map[string]any{"name": e.Name})
			return err
		}
		progress.Log(fmt.Sprintf("backup %s restored in %s", e.Name, time.Since(start).Round(time.Millisecond)),
			map[string]any{"name": e.Name})
		return nil
	})
}

func (app *App) restoreBackup(ctx context.Context, name string, exclude []string, progress *Progress) error {
	if !ValidBackupKey(name) {
		return fmt.Errorf("missing or invalid backup file %q to restore", name)
	}
	workDir, err := app.newTempWorkDir("pb_restore_")
	if err != nil {
		return err
	}
	defer os.RemoveAll(workDir)

	zipPath, err := app.fetchBackup(ctx, name, workDir, progress)
	if err != nil {
		return err
	}
	extracted := filepath.Join(workDir, "pb_data")
	if err := extractArchive(ctx, zipPath, extracted, progress); err != nil {
		return err
	}
	if err := checkRestoredData(ctx, extracted); err != nil {
		return err
	}
	progress.Log("backup checked; pausing the cron jobs and the requests to swap the data", nil)

	// the cron jobs finish their run first, while requests still flow, so
	// that a long job cannot stretch the pause
	cronCtx, cancel := context.WithTimeout(ctx, RestorePauseTimeout)
	cronWasRunning, drained := app.cron.StopAndWait(cronCtx)
	cancel()
	if cronWasRunning {
		defer app.cron.Start()
	}
	if !drained {
		return errors.New("the running cron jobs did not finish in time")
	}

	pauseCtx, cancel := context.WithTimeout(ctx, RestorePauseTimeout)
	resume, err := app.RequestGate().Pause(pauseCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("pause requests: %w", err)
	}
	defer resume()
	pausedAt := time.Now()

	// the logs writer waits too, keeping its queue (this restore's
	// progress included) for the restored auxiliary.db
	logs := app.LogsWriter()
	logs.flushMu.Lock()
	defer logs.flushMu.Unlock()

	err = app.swapDataDir(extracted, filepath.Join(workDir, "old_pb_data"), exclude, progress)
	if err == nil {
		app.dropRealtimeClients(progress)
	}
	progress.Log(fmt.Sprintf("requests were paused for %s", time.Since(pausedAt).Round(time.Millisecond)), nil)
	return err
}

// dropRealtimeClients disconnects every realtime client, as the restart of
// PocketBase's restore does: their subscriptions and auth belong to the
// previous data, and the SDK reconnects (and re-authenticates) by itself.
func (app *App) dropRealtimeClients(progress *Progress) {
	broker := app.SubscriptionsBroker()
	if broker == nil {
		return
	}
	clients := broker.Clients()
	for id := range clients {
		broker.Unregister(id)
	}
	if len(clients) > 0 {
		progress.Log(fmt.Sprintf("disconnected %d realtime clients", len(clients)), map[string]any{"clients": len(clients)})
	}
}

// fetchBackup returns a local path of the backup zip: the file itself for
// the local store, a download into workDir otherwise.
func (app *App) fetchBackup(ctx context.Context, name, workDir string, progress *Progress) (string, error) {
	store, err := app.NewBackupsStore(ctx)
	if err != nil {
		return "", err
	}
	defer store.Close()
	if ok, err := store.Exists(ctx, name); err != nil || !ok {
		return "", fmt.Errorf("missing or invalid backup file %q to restore", name)
	}
	if local, ok := store.(*localBackupsStore); ok {
		if p, ok := local.localPath(name); ok {
			return p, nil
		}
	}
	r, info, err := store.Open(ctx, name)
	if err != nil {
		return "", fmt.Errorf("open backup %q: %w", name, err)
	}
	defer r.Close()
	progress.Log("downloading "+name, map[string]any{"bytes": info.Size, "size": humanBytes(info.Size)})
	dst := filepath.Join(workDir, "backup.zip")
	f, err := os.Create(dst)
	if err != nil {
		return "", fmt.Errorf("create temp zip: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(f, contextReader{ctx, r}); err != nil {
		return "", fmt.Errorf("download backup %q: %w", name, err)
	}
	return dst, f.Close()
}

// checkRestoredData refuses an extracted backup without a sound data.db
// (integrity_check passes and the collections table exists) or with a
// damaged auxiliary.db, before anything of the running app is touched.
func checkRestoredData(ctx context.Context, dir string) error {
	dataPath := filepath.Join(dir, "data.db")
	if st, err := os.Stat(dataPath); err != nil || !st.Mode().IsRegular() {
		return errors.New("the backup has no data.db")
	}
	if err := checkSQLiteFile(ctx, dataPath, true); err != nil {
		return fmt.Errorf("the backup's data.db is invalid: %w", err)
	}
	auxPath := filepath.Join(dir, "auxiliary.db")
	if _, err := os.Stat(auxPath); err == nil {
		if err := checkSQLiteFile(ctx, auxPath, false); err != nil {
			return fmt.Errorf("the backup's auxiliary.db is invalid: %w", err)
		}
	}
	return nil
}

func checkSQLiteFile(ctx context.Context, path string, needCollections bool) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("integrity_check: %s", result)
	}
	if needCollections {
		var n int
		err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_collections'").Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			return errors.New("no _collections table")
		}
	}
	return nil
}
