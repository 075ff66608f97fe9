package apis_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

func fileToken(t *testing.T, r *core.Record) string {
	t.Helper()
	tok, err := r.NewFileToken()
	if err != nil {
		t.Fatalf("file token: %v", err)
	}
	return tok
}

func errCode(body map[string]any, field string) string {
	data, _ := body["data"].(map[string]any)
	f, _ := data[field].(map[string]any)
	code, _ := f["code"].(string)
	return code
}

func emptyData(body map[string]any) bool {
	data, ok := body["data"].(map[string]any)
	return ok && len(data) == 0
}

func (env *authEnv) backupPath(name string) string {
	return filepath.Join(env.app.DataDir(), core.LocalBackupsDirName, name)
}

func (env *authEnv) mustBackup(name string) {
	env.t.Helper()
	if err := env.app.CreateBackup(context.Background(), name); err != nil {
		env.t.Fatalf("backup %s: %v", name, err)
	}
}

func TestBackupsList(t *testing.T) {
	env := newAuthEnv(t)
	if status, body := env.do(http.MethodGet, "/api/backups", "", nil); status != http.StatusUnauthorized || !emptyData(body) {
		t.Fatalf("guest: %d %v", status, body)
	}
	if status, body := env.do(http.MethodGet, "/api/backups", env.token(env.user), nil); status != http.StatusForbidden || !emptyData(body) {
		t.Fatalf("user: %d %v", status, body)
	}
	status, out := env.doAny(http.MethodGet, "/api/backups", env.suTok, nil)
	if list, ok := out.([]any); status != http.StatusOK || !ok || len(list) != 0 {
		t.Fatalf("empty list: %d %v", status, out)
	}
	env.mustBackup("b.zip")
	env.mustBackup("a.zip")
	status, out = env.doAny(http.MethodGet, "/api/backups", env.suTok, nil)
	list, _ := out.([]any)
	if status != http.StatusOK || len(list) != 2 {
		t.Fatalf("list: %d %v", status, out)
	}
	first := list[0].(map[string]any)
	st, _ := os.Stat(env.backupPath("a.zip"))
	if first["key"] != "a.zip" || first["size"] != float64(st.Size()) || !strings.HasSuffix(first["modified"].(string), "Z") {
		t.Fatalf("item %v", first)
	}
}

func TestBackupsCreate(t *testing.T) {
	env := newAuthEnv(t)
	if status, _ := env.do(http.MethodPost, "/api/backups", "", map[string]any{"name": "x.zip"}); status != http.StatusUnauthorized {
		t.Fatalf("guest: %d", status)
	}
	if status, _ := env.do(http.MethodPost, "/api/backups", env.token(env.user), map[string]any{"name": "x.zip"}); status != http.StatusForbidden {
		t.Fatalf("user: %d", status)
	}
	for name, code := range map[string]string{
		"!test.zip":                       "validation_match_invalid",
		"Upper.zip":                       "validation_match_invalid",
		"test.tar":                        "validation_match_invalid",
		"../x.zip":                        "validation_match_invalid",
		strings.Repeat("a", 150) + ".zip": "validation_length_out_of_range",
	} {
		status, body := env.do(http.MethodPost, "/api/backups", env.suTok, map[string]any{"name": name})
		if status != http.StatusBadRequest || errCode(body, "name") != code {
			t.Fatalf("%q: %d %v, want %s", name, status, body, code)
		}
	}
	var hooked []string
	env.app.OnBackupCreate().BindFunc(func(e *core.BackupEvent) error {
		hooked = append(hooked, e.Name)
		return e.Next()
	})
	if status, body := env.do(http.MethodPost, "/api/backups", env.suTok, map[string]any{"name": "test.zip"}); status != http.StatusNoContent {
		t.Fatalf("valid: %d %v", status, body)
	}
	if _, err := os.Stat(env.backupPath("test.zip")); err != nil {
		t.Fatalf("backup file: %v", err)
	}
	status, body := env.do(http.MethodPost, "/api/backups", env.suTok, map[string]any{"name": "test.zip"})
	if status != http.StatusBadRequest || errCode(body, "name") != "validation_backup_name_exists" {
		t.Fatalf("existing: %d %v", status, body)
	}
	// no name: PocketBase's generated one
	if status, _ := env.do(http.MethodPost, "/api/backups", env.suTok, nil); status != http.StatusNoContent {
		t.Fatalf("generated name: %d", status)
	}
	if len(hooked) != 2 || hooked[0] != "test.zip" || hooked[1] != "" {
		t.Fatalf("OnBackupCreate saw %q", hooked)
	}
	matches, _ := filepath.Glob(env.backupPath("pb_backup_acme_*.zip"))
	if len(matches) != 1 {
		t.Fatalf("generated backups: %v", matches)
	}
	// another backup running
	env.app.Store().Set(core.StoreKeyActiveBackup, "other.zip")
	status, body = env.do(http.MethodPost, "/api/backups", env.suTok, map[string]any{"name": "later.zip"})
	env.app.Store().Remove(core.StoreKeyActiveBackup)
	if status != http.StatusBadRequest || !emptyData(body) {
		t.Fatalf("busy: %d %v", status, body)
	}
}

// multipartFile builds a multipart body with one "file" part.
func multipartFile(t *testing.T, filename string, content []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if filename != "" {
		w, err := mw.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(content)
	} else {
		_ = mw.WriteField("other", "x")
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

func emptyZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (env *authEnv) upload(token string, body io.Reader, contentType string) (int, map[string]any) {
	env.t.Helper()
	req, err := http.NewRequest(http.MethodPost, env.srv.URL+"/api/backups/upload", body)
	if err != nil {
		env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	status, out := sendJSON(env.t, req)
	m, _ := out.(map[string]any)
	return status, m
}

func TestBackupsUpload(t *testing.T) {
	env := newAuthEnv(t)
	body, ct := multipartFile(t, "up.zip", emptyZip(t))
	if status, _ := env.upload("", body, ct); status != http.StatusUnauthorized {
		t.Fatalf("guest: %d", status)
	}
	body, ct = multipartFile(t, "up.zip", emptyZip(t))
	if status, _ := env.upload(env.token(env.user), body, ct); status != http.StatusForbidden {
		t.Fatalf("user: %d", status)
	}
	body, ct = multipartFile(t, "", nil)
	if status, out := env.upload(env.suTok, body, ct); status != http.StatusBadRequest || errCode(out, "file") != "validation_required" {
		t.Fatalf("missing file: %d %v", status, out)
	}
	body, ct = multipartFile(t, "notzip.zip", []byte("plain text, not a zip"))
	if status, out := env.upload(env.suTok, body, ct); status != http.StatusBadRequest || errCode(out, "file") != "validation_invalid_mime_type" {
		t.Fatalf("not a zip: %d %v", status, out)
	}
	body, ct = multipartFile(t, "up.zip", emptyZip(t))
	if status, out := env.upload(env.suTok, body, ct); status != http.StatusNoContent {
		t.Fatalf("valid: %d %v", status, out)
	}
	if raw, err := os.ReadFile(env.backupPath("up.zip")); err != nil || !bytes.Equal(raw, emptyZip(t)) {
		t.Fatalf("stored upload: %v", err)
	}
	body, ct = multipartFile(t, "up.zip", emptyZip(t))
	if status, out := env.upload(env.suTok, body, ct); status != http.StatusBadRequest || errCode(out, "file") != "validation_backup_name_exists" {
		t.Fatalf("existing: %d %v", status, out)
	}
	// the default 32 MB body limit does not apply to backup uploads
	big := make([]byte, 33<<20)
	body, ct = multipartFile(t, "big.zip", big)
	status, out := env.upload(env.suTok, body, ct)
	if status == http.StatusRequestEntityTooLarge || errCode(out, "file") != "validation_invalid_mime_type" {
		t.Fatalf("big upload: %d %v", status, out)
	}
}

func (env *authEnv) download(path string) (*http.Response, []byte) {
	env.t.Helper()
	res, err := http.Get(env.srv.URL + path)
	if err != nil {
		env.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res, raw
}

func TestBackupsDownload(t *testing.T) {
	env := newAuthEnv(t)
	env.mustBackup("test1.zip")
	want, _ := os.ReadFile(env.backupPath("test1.zip"))
	suFile := fileToken(t, env.su)

	forbidden := map[string]string{
		"no token":             "/api/backups/test1.zip",
		"empty token":          "/api/backups/test1.zip?token=",
		"superuser auth token": "/api/backups/test1.zip?token=" + env.suTok,
		"user file token":      "/api/backups/test1.zip?token=" + fileToken(t, env.user),
		"user auth token":      "/api/backups/test1.zip?token=" + env.token(env.user),
		"garbage token":        "/api/backups/test1.zip?token=abc",
	}
	for name, path := range forbidden {
		res, raw := env.download(path)
		if res.StatusCode != http.StatusForbidden || !bytes.Contains(raw, []byte(`"data":{}`)) {
			t.Fatalf("%s: %d %s", name, res.StatusCode, raw)
		}
	}
	// an Authorization header is not enough
	req := jsonRequest(t, http.MethodGet, env.srv.URL+"/api/backups/test1.zip", env.suTok, nil)
	if status, _ := sendJSON(t, req); status != http.StatusForbidden {
		t.Fatalf("auth header: %d", status)
	}
	if res, _ := env.download("/api/backups/missing.zip?token=" + suFile); res.StatusCode != http.StatusNotFound {
		t.Fatalf("missing: %d", res.StatusCode)
	}
	res, raw := env.download("/api/backups/test1.zip?token=" + suFile)
	if res.StatusCode != http.StatusOK || !bytes.Equal(raw, want) {
		t.Fatalf("download: %d, %d bytes (want %d)", res.StatusCode, len(raw), len(want))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "test1.zip") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	// an escaped key
	writeRaw(t, env.backupPath("@test4.zip"), want)
	if res, raw := env.download("/api/backups/" + url.PathEscape("@test4.zip") + "?token=" + suFile); res.StatusCode != http.StatusOK || len(raw) != len(want) {
		t.Fatalf("escaped key: %d", res.StatusCode)
	}
	// settings.superuserIPs
	s, _ := env.app.Settings().Clone()
	s.SuperuserIPs = []string{"10.0.0.0/8"}
	saveSettings(t, env.app, s)
	if res, _ := env.download("/api/backups/test1.zip?token=" + suFile); res.StatusCode != http.StatusForbidden {
		t.Fatalf("non-listed IP: %d", res.StatusCode)
	}
	s.SuperuserIPs = []string{"10.0.0.1", "127.0.0.1"}
	saveSettings(t, env.app, s)
	if res, _ := env.download("/api/backups/test1.zip?token=" + suFile); res.StatusCode != http.StatusOK {
		t.Fatalf("listed IP: %d", res.StatusCode)
	}
}

func writeRaw(t *testing.T, path string, raw []byte) {
	t.Helper()
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func saveSettings(t *testing.T, app *core.App, s *core.Settings) {
	t.Helper()
	if err := app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	if err := app.ReloadSettings(); err != nil {
		t.Fatal(err)
	}
}

func TestBackupsDelete(t *testing.T) {
	env := newAuthEnv(t)
	env.mustBackup("test1.zip")
	if status, body := env.do(http.MethodDelete, "/api/backups/test1.zip", "", nil); status != http.StatusUnauthorized || !emptyData(body) {
		t.Fatalf("guest: %d", status)
	}
	if status, _ := env.do(http.MethodDelete, "/api/backups/test1.zip", env.token(env.user), nil); status != http.StatusForbidden {
		t.Fatalf("user: %d", status)
	}
	if status, body := env.do(http.MethodDelete, "/api/backups/missing.zip", env.suTok, nil); status != http.StatusBadRequest || !emptyData(body) {
		t.Fatalf("missing: %d %v", status, body)
	}
	env.app.Store().Set(core.StoreKeyActiveBackup, "test1.zip")
	status, body := env.do(http.MethodDelete, "/api/backups/test1.zip", env.suTok, nil)
	env.app.Store().Remove(core.StoreKeyActiveBackup)
	if status != http.StatusBadRequest || !emptyData(body) {
		t.Fatalf("active: %d %v", status, body)
	}
	if status, _ := env.do(http.MethodDelete, "/api/backups/test1.zip", env.suTok, nil); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	if _, err := os.Stat(env.backupPath("test1.zip")); !os.IsNotExist(err) {
		t.Fatalf("the file is still there: %v", err)
	}
	writeRaw(t, env.backupPath("@test4.zip"), []byte("x"))
	if status, _ := env.do(http.MethodDelete, "/api/backups/"+url.PathEscape("@test4.zip"), env.suTok, nil); status != http.StatusNoContent {
		t.Fatalf("escaped key: %d", status)
	}
}

func TestBackupsRestore(t *testing.T) {
	env := newAuthEnv(t)
	env.mustBackup("test1.zip")
	// a user created after the backup disappears with the restore
	later := env.newAuthRecord(core.CollectionNameUsers, "later@example.com")

	if status, body := env.do(http.MethodPost, "/api/backups/test1.zip/restore", "", nil); status != http.StatusUnauthorized || !emptyData(body) {
		t.Fatalf("guest: %d", status)
	}
	if status, _ := env.do(http.MethodPost, "/api/backups/test1.zip/restore", env.token(env.user), nil); status != http.StatusForbidden {
		t.Fatalf("user: %d", status)
	}
	if status, body := env.do(http.MethodPost, "/api/backups/missing.zip/restore", env.suTok, nil); status != http.StatusBadRequest || !emptyData(body) {
		t.Fatalf("unknown key: %d %v", status, body)
	}
	env.app.Store().Set(core.StoreKeyActiveBackup, "other.zip")
	status, body := env.do(http.MethodPost, "/api/backups/test1.zip/restore", env.suTok, nil)
	env.app.Store().Remove(core.StoreKeyActiveBackup)
	if status != http.StatusBadRequest || !emptyData(body) {
		t.Fatalf("busy: %d %v", status, body)
	}

	restored := make(chan error, 1)
	env.app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		err := e.Next()
		restored <- err
		return err
	})
	if status, _ := env.do(http.MethodPost, "/api/backups/test1.zip/restore", env.suTok, nil); status != http.StatusNoContent {
		t.Fatalf("restore: %d", status)
	}
	select {
	case err := <-restored:
		if err != nil {
			t.Fatalf("restore failed: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the restore did not finish")
	}
	if _, err := env.app.FindRecordById(core.CollectionNameUsers, later.Id); err == nil {
		t.Fatal("the user created after the backup survived the restore")
	}
	// the same server keeps answering, on the restored data
	if status, _ := env.do(http.MethodGet, "/api/collections/users/records/"+env.user.Id, env.suTok, nil); status != http.StatusOK {
		t.Fatalf("after restore: %d", status)
	}
}

func TestHealthCanBackup(t *testing.T) {
	env := newAuthEnv(t)
	_, body := env.do(http.MethodGet, "/api/health", env.suTok, nil)
	if body["data"].(map[string]any)["canBackup"] != true {
		t.Fatalf("idle: %v", body)
	}
	env.app.Store().Set(core.StoreKeyActiveBackup, "x.zip")
	defer env.app.Store().Remove(core.StoreKeyActiveBackup)
	_, body = env.do(http.MethodGet, "/api/health", env.suTok, nil)
	if body["data"].(map[string]any)["canBackup"] != false {
		t.Fatalf("busy: %v", body)
	}
}

// In-process twin of the end-to-end restore-under-load test, so that the
// race detector sees the swap of the database handles next to requests.
func TestBackupsRestoreUnderConcurrentRequests(t *testing.T) {
	env := newAuthEnv(t)
	env.mustBackup("load.zip")
	later := env.newAuthRecord(core.CollectionNameUsers, "later@example.com")

	restored := make(chan error, 1)
	env.app.OnBackupRestore().BindFunc(func(e *core.BackupEvent) error {
		err := e.Next()
		restored <- err
		return err
	})
	stop := make(chan struct{})
	failures := make(chan string, 100)
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest(http.MethodGet, env.srv.URL+"/api/collections/users/records/"+env.user.Id, nil)
				req.Header.Set("Authorization", env.suTok)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					failures <- err.Error()
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusServiceUnavailable {
					failures <- res.Status
				}
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	if status, _ := env.do(http.MethodPost, "/api/backups/load.zip/restore", env.suTok, nil); status != http.StatusNoContent {
		t.Fatalf("restore: %d", status)
	}
	select {
	case err := <-restored:
		if err != nil {
			t.Fatalf("restore: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the restore did not finish")
	}
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Fatalf("a request failed during the restore: %s", f)
	}
	if _, err := env.app.FindRecordById(core.CollectionNameUsers, later.Id); err == nil {
		t.Fatal("the restore did not happen")
	}
}
