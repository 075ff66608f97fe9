package apis_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Backups stored in an S3 bucket (settings.backups.s3) served by a real S3
// protocol server on 127.0.0.1: create, list, download, restore, rotate
// and delete go through the bucket, and nothing lands in pb_data/backups.
func TestBackupsOnS3(t *testing.T) {
	backend := s3mem.New()
	if err := backend.CreateBucket("hb-backups"); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(s3.Close)

	env := newAuthEnv(t)
	s, _ := env.app.Settings().Clone()
	s.Backups.S3 = core.S3Config{Enabled: true, Bucket: "hb-backups", Region: "us-east-1", Endpoint: s3.URL,
		AccessKey: "key", Secret: "secret", ForcePathStyle: true}
	s.Backups.Cron = "0 3 * * *"
	s.Backups.CronMaxKeep = 1
	saveSettings(t, env.app, s)

	if status, body := env.do(http.MethodPost, "/api/backups", env.suTok, map[string]any{"name": "s3_one.zip"}); status != http.StatusNoContent {
		t.Fatalf("create: %d %v", status, body)
	}
	later := env.newAuthRecord(core.CollectionNameUsers, "later@example.com")

	status, out := env.doAny(http.MethodGet, "/api/backups", env.suTok, nil)
	list, _ := out.([]any)
	if status != http.StatusOK || len(list) != 1 || list[0].(map[string]any)["key"] != "s3_one.zip" || list[0].(map[string]any)["size"].(float64) <= 0 {
		t.Fatalf("list: %d %v", status, out)
	}
	if _, err := os.Stat(filepath.Join(env.app.DataDir(), core.LocalBackupsDirName, "s3_one.zip")); err == nil {
		t.Fatal("the backup was written locally")
	}
	status, body := env.do(http.MethodPost, "/api/backups", env.suTok, map[string]any{"name": "s3_one.zip"})
	if status != http.StatusBadRequest || errCode(body, "name") != "validation_backup_name_exists" {
		t.Fatalf("existing on S3: %d %v", status, body)
	}

	res, err := http.Get(env.srv.URL + "/api/backups/s3_one.zip?token=" + fileToken(t, env.su))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(raw), "PK") || float64(len(raw)) != list[0].(map[string]any)["size"].(float64) {
		t.Fatalf("download: %d, %d bytes", res.StatusCode, len(raw))
	}

	restored := make(chan error, 1)
	env.app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		err := e.Next()
		restored <- err
		return err
	})
	if status, _ := env.do(http.MethodPost, "/api/backups/s3_one.zip/restore", env.suTok, nil); status != http.StatusNoContent {
		t.Fatalf("restore: %d", status)
	}
	select {
	case err := <-restored:
		if err != nil {
			t.Fatalf("restore: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the restore did not finish")
	}
	if _, err := env.app.FindRecordById(core.CollectionNameUsers, later.Id); err == nil {
		t.Fatal("the restore from S3 kept a user created after the backup")
	}
	// the restored settings still point at the bucket
	if !env.app.Settings().Backups.S3.Enabled {
		t.Fatal("the restored settings lost the S3 target")
	}

	// scheduled backups go to the bucket and rotate there
	job := env.app.Cron().Job(core.AutoBackupJobId)
	if job == nil {
		t.Fatal("no scheduled backup job")
	}
	job.Run()
	time.Sleep(1100 * time.Millisecond)
	job.Run()
	store, err := env.app.NewBackupsStore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	auto, err := store.List(context.Background(), core.AutoBackupPrefix)
	if err != nil || len(auto) != 1 {
		t.Fatalf("scheduled backups on S3: %v %v", auto, err)
	}

	if status, _ := env.do(http.MethodDelete, "/api/backups/s3_one.zip", env.suTok, nil); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	if status, _ := env.do(http.MethodDelete, "/api/backups/s3_one.zip", env.suTok, nil); status != http.StatusBadRequest {
		t.Fatalf("delete again: %d", status)
	}
}
