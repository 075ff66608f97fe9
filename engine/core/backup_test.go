package core

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/realtime"
)

func newNotesCollection(t *testing.T, app *App) *Collection {
	t.Helper()
	c := NewBaseCollection("notes")
	c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}})
	mustSave(t, app, c)
	return c
}

func addNote(t *testing.T, app *App, title string) *Record {
	t.Helper()
	r := NewRecord(app.mustCollection(t, "notes"))
	r.Set("title", title)
	mustSave(t, app, r)
	return r
}

func (app *App) mustCollection(t *testing.T, name string) *Collection {
	t.Helper()
	c, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		t.Fatalf("collection %s: %v", name, err)
	}
	return c
}

func countNotes(t *testing.T, app *App) int64 {
	t.Helper()
	n, err := app.CountRecords("notes")
	if err != nil {
		t.Fatalf("count notes: %v", err)
	}
	return n
}

func integrityCheck(t *testing.T, app *App) {
	t.Helper()
	var result string
	if err := app.DB().NewQuery("PRAGMA integrity_check").Row(&result); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if result != "ok" {
		t.Fatalf("integrity_check = %q", result)
	}
}

// A backup taken while 4 writers insert restores to a sound database that
// holds every row acknowledged before the backup started.
func TestBackupWhileWritersInsertRestoresEveryAcknowledgedRow(t *testing.T) {
	app := newTestApp(t)
	notes := newNotesCollection(t, app)

	var (
		mu    sync.Mutex
		acked []string
		stop  atomic.Bool
		wg    sync.WaitGroup
	)
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				r := NewRecord(notes)
				r.Set("title", "note")
				if err := app.Save(r); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				acked = append(acked, r.Id)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	mu.Lock()
	before := append([]string(nil), acked...)
	mu.Unlock()
	if len(before) == 0 {
		t.Fatal("the writers acknowledged nothing before the backup")
	}
	if err := app.CreateBackup(context.Background(), "under_load.zip"); err != nil {
		t.Fatalf("backup: %v", err)
	}
	time.Sleep(100 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("writer: %v", err)
	}
	total := countNotes(t, app)
	if total <= int64(len(before)) {
		t.Fatalf("the writers should have gone on during the backup: %d rows, %d before", total, len(before))
	}

	if err := app.RestoreBackup(context.Background(), "under_load.zip"); err != nil {
		t.Fatalf("restore: %v", err)
	}
	integrityCheck(t, app)
	restored := countNotes(t, app)
	if restored < int64(len(before)) || restored >= total {
		t.Fatalf("restored %d rows; want at least the %d acknowledged before the backup and fewer than the %d at the end", restored, len(before), total)
	}
	for _, id := range before {
		if _, err := app.FindRecordById("notes", id); err != nil {
			t.Fatalf("row %s acknowledged before the backup is missing: %v", id, err)
		}
	}
	// the restored app takes writes again
	addNote(t, app, "after restore")
}

func TestBackupArchiveHoldsSnapshotsAndStorageButNotBackupsOrLiveFiles(t *testing.T) {
	app := newTestApp(t)
	newNotesCollection(t, app)
	addNote(t, app, "one")
	storageFile := filepath.Join(app.DataDir(), "storage", "abc", "file.txt")
	if err := os.MkdirAll(filepath.Dir(storageFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(storageFile, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := app.CreateBackup(context.Background(), "first.zip"); err != nil {
		t.Fatal(err)
	}
	if err := app.CreateBackup(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(app.DataDir(), LocalBackupsDirName))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("backups dir has %d entries, want 2", len(entries))
	}
	generated := entries[0].Name()
	if generated == "first.zip" {
		generated = entries[1].Name()
	}
	if ok, _ := filepath.Match("pb_backup_acme_??????????????.zip", generated); !ok {
		t.Fatalf("generated name %q is not PocketBase's default", generated)
	}

	zr, err := zip.OpenReader(filepath.Join(app.DataDir(), LocalBackupsDirName, generated))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"data.db", "auxiliary.db", "storage/abc/file.txt"} {
		if !names[want] {
			t.Fatalf("archive lacks %s: %v", want, names)
		}
	}
	for name := range names {
		if filepath.Dir(name) == LocalBackupsDirName || name == "data.db-wal" || name == "data.db-shm" ||
			filepath.HasPrefix(name, LocalTempDirName) {
			t.Fatalf("archive holds %s", name)
		}
	}
}

func TestBackupIsRefusedWhileAnotherRuns(t *testing.T) {
	app := newTestApp(t)
	app.Store().Set(StoreKeyActiveBackup, "other.zip")
	if err := app.CreateBackup(context.Background(), "x.zip"); !errors.Is(err, ErrBackupInProgress) {
		t.Fatalf("create: %v", err)
	}
	if err := app.RestoreBackup(context.Background(), "x.zip"); !errors.Is(err, ErrBackupInProgress) {
		t.Fatalf("restore: %v", err)
	}
	app.Store().Remove(StoreKeyActiveBackup)
	if err := app.CreateBackup(context.Background(), "x.zip"); err != nil {
		t.Fatal(err)
	}
	if app.Store().Has(StoreKeyActiveBackup) {
		t.Fatal("the active backup mark outlived the backup")
	}
}

func TestBackupHooksFireAndRestoreDropsRealtimeClients(t *testing.T) {
	app := newTestApp(t)
	newNotesCollection(t, app)
	var created, restored []string
	app.OnBackupCreate().BindFunc(func(e *BackupEvent) error {
		e.Name = "renamed.zip"
		if err := e.Next(); err != nil {
			return err
		}
		created = append(created, e.Name)
		return nil
	})
	app.OnBackupRestore().BindFunc(func(e *BackupEvent) error {
		restored = append(restored, e.Name)
		return e.Next()
	})
	if err := app.CreateBackup(context.Background(), "x.zip"); err != nil {
		t.Fatal(err)
	}
	if len(created) != 1 || created[0] != "renamed.zip" {
		t.Fatalf("OnBackupCreate saw %v", created)
	}
	app.SubscriptionsBroker().Register(realtime.NewDefaultClient())
	if err := app.RestoreBackup(context.Background(), "renamed.zip"); err != nil {
		t.Fatal(err)
	}
	if n := app.SubscriptionsBroker().TotalClients(); n != 0 {
		t.Fatalf("%d realtime clients survived the restore", n)
	}
	if len(restored) != 1 || restored[0] != "renamed.zip" {
		t.Fatalf("OnBackupRestore saw %v", restored)
	}
}

// writeBackupFile puts raw bytes in the local backups dir under name.
func writeBackupFile(t *testing.T, app *App, name string, content []byte) {
	t.Helper()
	dir := filepath.Join(app.DataDir(), LocalBackupsDirName)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
		t.Fatal(err)
	}
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "z.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// A missing or broken backup changes nothing: same rows, same files, the
// app keeps reading and writing.
func TestRestoreOfMissingOrCorruptBackupChangesNothing(t *testing.T) {
	app := newTestApp(t)
	newNotesCollection(t, app)
	addNote(t, app, "keep me")
	if err := app.CreateBackup(context.Background(), "good.zip"); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(app.DataDir(), LocalBackupsDirName, "good.zip"))
	if err != nil {
		t.Fatal(err)
	}
	truncated := good[:len(good)/2]
	flipped := append([]byte(nil), good...)
	for i := len(flipped) / 3; i < len(flipped)/3+64; i++ {
		flipped[i] ^= 0xff
	}
	writeBackupFile(t, app, "garbage.zip", []byte("this is not a zip"))
	writeBackupFile(t, app, "truncated.zip", truncated)
	writeBackupFile(t, app, "flipped.zip", flipped)
	writeBackupFile(t, app, "nodata.zip", zipOf(t, map[string][]byte{"storage/x.txt": []byte("x")}))
	writeBackupFile(t, app, "baddb.zip", zipOf(t, map[string][]byte{"data.db": []byte("SQLite format 3\x00 but not really")}))
	writeBackupFile(t, app, "escape.zip", zipOf(t, map[string][]byte{"../escaped.txt": []byte("x"), "data.db": []byte("x")}))
	addNote(t, app, "after the backup")

	for _, name := range []string{"missing.zip", "../good.zip", "garbage.zip", "truncated.zip", "flipped.zip", "nodata.zip", "baddb.zip", "escape.zip"} {
		t.Run(name, func(t *testing.T) {
			if err := app.RestoreBackup(context.Background(), name); err == nil {
				t.Fatal("the restore should fail")
			}
			if n := countNotes(t, app); n != 2 {
				t.Fatalf("%d notes after the failed restore, want 2", n)
			}
			integrityCheck(t, app)
			if _, err := os.Stat(filepath.Join(filepath.Dir(app.DataDir()), "escaped.txt")); err == nil {
				t.Fatal("an archive entry escaped the temp dir")
			}
			addNote(t, app, "still writable")
			if err := app.Delete(app.mustLastNote(t)); err != nil {
				t.Fatal(err)
			}
			if app.RequestGate().Paused() || app.Store().Has(StoreKeyActiveBackup) {
				t.Fatal("the failed restore left the app paused or marked busy")
			}
		})
	}
	leftovers, _ := os.ReadDir(filepath.Join(app.DataDir(), LocalTempDirName))
	if len(leftovers) != 0 {
		t.Fatalf("temp dir keeps %d entries", len(leftovers))
	}
}

func (app *App) mustLastNote(t *testing.T) *Record {
	t.Helper()
	records, err := app.FindRecordsByFilter("notes", "title = 'still writable'", "", 1, 0)
	if err != nil || len(records) != 1 {
		t.Fatalf("find: %v %d", err, len(records))
	}
	return records[0]
}

// When reopening the restored data fails, the previous data is put back
// and opened again.
func TestRestoreThatFailsToReopenPutsThePreviousDataBack(t *testing.T) {
	app := newTestApp(t)
	newNotesCollection(t, app)
	addNote(t, app, "in the backup")
	if err := app.CreateBackup(context.Background(), "b.zip"); err != nil {
		t.Fatal(err)
	}
	addNote(t, app, "only live")
	failOnce := true
	app.OnBootstrap().BindFunc(func(e *BootstrapEvent) error {
		if failOnce {
			failOnce = false
			return errors.New("boom")
		}
		return e.Next()
	})
	if err := app.RestoreBackup(context.Background(), "b.zip"); err == nil {
		t.Fatal("the restore should fail")
	}
	if !app.IsBootstrapped() {
		t.Fatal("the app was not reopened")
	}
	if n := countNotes(t, app); n != 2 {
		t.Fatalf("%d notes, want the 2 of the live data", n)
	}
	integrityCheck(t, app)
	// and a later restore works
	if err := app.RestoreBackup(context.Background(), "b.zip"); err != nil {
		t.Fatal(err)
	}
	if n := countNotes(t, app); n != 1 {
		t.Fatalf("%d notes after the restore, want 1", n)
	}
}

func TestScheduledBackupsRotateToCronMaxKeep(t *testing.T) {
	app := newTestApp(t)
	s, _ := app.Settings().Clone()
	s.Backups.Cron = "0 3 * * *"
	s.Backups.CronMaxKeep = 2
	if err := app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	if err := app.ReloadSettings(); err != nil {
		t.Fatal(err)
	}
	job := app.Cron().Job(AutoBackupJobId)
	if job == nil || job.Expression != "0 3 * * *" {
		t.Fatalf("the backup job is not scheduled: %+v", job)
	}
	if err := app.CreateBackup(context.Background(), "manual.zip"); err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := 0; i < 4; i++ {
		job.Run()
		list, _ := (&localBackupsStore{dir: filepath.Join(app.DataDir(), LocalBackupsDirName)}).List(context.Background(), AutoBackupPrefix)
		names = nil
		for _, f := range list {
			names = append(names, f.Key)
		}
		if want := min(i+1, 2); len(names) != want {
			t.Fatalf("run %d: %d scheduled backups %v, want %d", i+1, len(names), names, want)
		}
		time.Sleep(1100 * time.Millisecond) // the names have a one-second resolution
	}
	if _, err := os.Stat(filepath.Join(app.DataDir(), LocalBackupsDirName, "manual.zip")); err != nil {
		t.Fatal("rotation removed the manual backup")
	}

	s.Backups.Cron = ""
	if err := app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	if err := app.ReloadSettings(); err != nil {
		t.Fatal(err)
	}
	if app.Cron().Job(AutoBackupJobId) != nil {
		t.Fatal("clearing settings.backups.cron should remove the job")
	}
}

// Backups and restores report their steps in _logs (and on the console).
func TestBackupAndRestoreProgressReachesLogs(t *testing.T) {
	app := newTestApp(t)
	newNotesCollection(t, app)
	addNote(t, app, "x")
	if err := app.CreateBackup(context.Background(), "logged.zip"); err != nil {
		t.Fatal(err)
	}
	logsHold(t, app, "[backup create] snapshotting data.db", "[backup create] archived", "[backup create] backup logged.zip created")
	if err := app.RestoreBackup(context.Background(), "logged.zip"); err != nil {
		t.Fatal(err)
	}
	// the whole restore is in the restored auxiliary.db, from its first step
	logsHold(t, app, "[backup restore] restoring backup logged.zip", "[backup restore] extracted",
		"[backup restore] requests were paused for", "[backup restore] backup logged.zip restored")
}

func logsHold(t *testing.T, app *App, wants ...string) {
	t.Helper()
	app.LogsWriter().Flush()
	var messages []string
	if err := app.AuxDB().Select("message").From(LogsTableName).OrderBy("created").Column(&messages); err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(messages, "\n")
	for _, want := range wants {
		if !strings.Contains(joined, want) {
			t.Fatalf("_logs lacks %q:\n%s", want, joined)
		}
	}
}

// A cron job still running when a restore starts must finish first; one
// that outlasts the wait fails the restore before requests are paused and
// before anything is touched, and the scheduler runs again.
func TestRestoreWaitsForRunningCronJobs(t *testing.T) {
	app := newTestApp(t)
	newNotesCollection(t, app)
	addNote(t, app, "in the backup")
	if err := app.CreateBackup(context.Background(), "c.zip"); err != nil {
		t.Fatal(err)
	}
	addNote(t, app, "live only")

	old := RestorePauseTimeout
	RestorePauseTimeout = 300 * time.Millisecond
	defer func() { RestorePauseTimeout = old }()

	running := make(chan struct{}, 1)
	release := make(chan struct{})
	if err := app.Cron().Add("slow", "@every 1s", func() {
		select {
		case running <- struct{}{}:
		default:
		}
		<-release
	}); err != nil {
		t.Fatal(err)
	}
	app.Cron().Start()
	defer app.Cron().Stop()
	select {
	case <-running:
	case <-time.After(5 * time.Second):
		t.Fatal("the cron job did not start")
	}
	if err := app.RestoreBackup(context.Background(), "c.zip"); err == nil || !strings.Contains(err.Error(), "cron") {
		t.Fatalf("restore with a stuck cron job: %v", err)
	}
	if n := countNotes(t, app); n != 2 || app.RequestGate().Paused() {
		t.Fatalf("the failed restore changed things: %d notes, paused %v", n, app.RequestGate().Paused())
	}
	close(release)
	if !app.Cron().Running() {
		t.Fatal("the scheduler was not restarted")
	}
	if err := app.RestoreBackup(context.Background(), "c.zip"); err != nil {
		t.Fatalf("restore once the job is done: %v", err)
	}
	if n := countNotes(t, app); n != 1 {
		t.Fatalf("%d notes after the restore, want 1", n)
	}
}

// A backup made as PocketBase makes them (the pb_data files zipped as they
// are on disk, WAL companions included) restores too.
func TestRestoreOfAPlainPbDataZip(t *testing.T) {
	other := New(Config{DataDir: t.TempDir(), Logger: newTestApp(t).Logger()})
	if err := other.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	newNotesCollection(t, other)
	for i := 0; i < 3; i++ {
		addNote(t, other, "from pocketbase")
	}
	files := map[string][]byte{}
	_ = filepath.WalkDir(other.DataDir(), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(other.DataDir(), p)
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = raw
		return nil
	})
	if err := other.ResetBootstrapState(); err != nil {
		t.Fatal(err)
	}
	// the live files were copied while open: take the closed (checkpointed) ones
	for _, name := range []string{"data.db", "auxiliary.db"} {
		raw, err := os.ReadFile(filepath.Join(other.DataDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = raw
	}

	app := newTestApp(t)
	writeBackupFile(t, app, "pb_backup_from_pb.zip", zipOf(t, files))
	if err := app.RestoreBackup(context.Background(), "pb_backup_from_pb.zip"); err != nil {
		t.Fatalf("restore: %v", err)
	}
	integrityCheck(t, app)
	if n := countNotes(t, app); n != 3 {
		t.Fatalf("%d notes, want 3", n)
	}
}
