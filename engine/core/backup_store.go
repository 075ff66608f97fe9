package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Names of pb_data entries that backups treat specially.
const (
	// LocalBackupsDirName holds the backups when S3 is off; never archived.
	LocalBackupsDirName = BackupsDirName
	// LocalTempDirName holds the work files of backups and restores; it is
	// inside pb_data so that renames never cross devices.
	LocalTempDirName = ".pb_temp_to_delete"
	// LocalAutocertCacheDirName caches the Let's Encrypt certificates.
	LocalAutocertCacheDirName = ".autocert_cache"
	lostFoundDirName          = "lost+found"
)

// ErrBackupNotFound is returned for a backup key that does not exist.
var ErrBackupNotFound = errors.New("backup file not found")

// BackupFileInfo describes one stored backup.
type BackupFileInfo struct {
	Key      string
	Size     int64
	Modified time.Time
}

// BackupsStore is where backups are kept: pb_data/backups, or an S3
// bucket when settings.backups.s3 is enabled.
type BackupsStore interface {
	// List returns the backups whose key starts with prefix, by key.
	List(ctx context.Context, prefix string) ([]BackupFileInfo, error)
	// Exists reports whether key is stored.
	Exists(ctx context.Context, key string) (bool, error)
	// Upload stores r under key, replacing an existing backup.
	Upload(ctx context.Context, key string, r io.Reader, size int64) error
	// Open reads a backup; the reader is an io.ReadSeeker when the store
	// can seek (local files), which lets downloads answer Range requests.
	Open(ctx context.Context, key string) (io.ReadCloser, BackupFileInfo, error)
	// Delete removes key (ErrBackupNotFound when missing).
	Delete(ctx context.Context, key string) error
	// Close releases the store's resources.
	Close() error
}

// NewBackupsStore returns the store the settings select: the bucket of
// settings.backups.s3 when enabled, else pb_data/backups.
func (app *App) NewBackupsStore(ctx context.Context) (BackupsStore, error) {
	if cfg := app.Settings().Backups.S3; cfg.Enabled {
		return newS3BackupsStore(cfg)
	}
	return &localBackupsStore{dir: filepath.Join(app.DataDir(), LocalBackupsDirName)}, nil
}

// ValidBackupKey reports whether key is a plain file name (no path, no
// "..", no separators), the only keys a store accepts.
func ValidBackupKey(key string) bool {
	if key == "" || key == "." || key == ".." || len(key) > 255 {
		return false
	}
	return !strings.ContainsAny(key, `/\`+"\x00") && filepath.Base(key) == key
}

// localBackupsStore keeps backups as files of one directory.
type localBackupsStore struct{ dir string }

func (s *localBackupsStore) path(key string) (string, error) {
	if !ValidBackupKey(key) {
		return "", fmt.Errorf("invalid backup key %q", key)
	}
	return filepath.Join(s.dir, key), nil
}

func (s *localBackupsStore) List(ctx context.Context, prefix string) ([]BackupFileInfo, error) {
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, os.ErrNotExist) {
		return []BackupFileInfo{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	out := []BackupFileInfo{}
	for _, entry := range entries {
		if entry.IsDir() || !strings.HasPrefix(entry.Name(), prefix) || strings.HasPrefix(entry.Name(), ".") {
			continue
		}
		info, err := entry.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, BackupFileInfo{Key: entry.Name(), Size: info.Size(), Modified: info.ModTime()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, ctx.Err()
}

func (s *localBackupsStore) Exists(_ context.Context, key string) (bool, error) {
	p, err := s.path(key)
	if err != nil {
		return false, err
	}
	st, err := os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return !st.IsDir(), nil
}

// Upload writes into a hidden temp file first and renames it, so a
// listing never shows a half-written backup.
func (s *localBackupsStore) Upload(ctx context.Context, key string, r io.Reader, _ int64) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return fmt.Errorf("create backups dir: %w", err)
	}
	tmp, err := os.CreateTemp(s.dir, ".upload_*")
	if err != nil {
		return fmt.Errorf("create backup file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, contextReader{ctx, r}); err != nil {
		tmp.Close()
		return fmt.Errorf("write backup file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync backup file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close backup file: %w", err)
	}
	if err := replaceFile(tmp.Name(), p); err != nil {
		return fmt.Errorf("store backup file: %w", err)
	}
	return nil
}

func (s *localBackupsStore) Open(_ context.Context, key string) (io.ReadCloser, BackupFileInfo, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, BackupFileInfo{}, ErrBackupNotFound
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, BackupFileInfo{}, ErrBackupNotFound
	}
	if err != nil {
		return nil, BackupFileInfo{}, err
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, BackupFileInfo{}, ErrBackupNotFound
	}
	return f, BackupFileInfo{Key: key, Size: st.Size(), Modified: st.ModTime()}, nil
}

func (s *localBackupsStore) Delete(_ context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return ErrBackupNotFound
	}
	err = os.Remove(p)
	if errors.Is(err, os.ErrNotExist) {
		return ErrBackupNotFound
	}
	return err
}

func (s *localBackupsStore) Close() error { return nil }

// localPath is the file of key, letting a restore read a local backup in
// place instead of copying it first.
func (s *localBackupsStore) localPath(key string) (string, bool) {
	p, err := s.path(key)
	return p, err == nil
}

// contextReader stops a long copy once ctx is done.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// replaceFile renames src over dst; Windows refuses to rename onto an
// existing file, so dst is removed first there (the rename still never
// exposes a partial file).
func replaceFile(src, dst string) error {
	err := os.Rename(src, dst)
	if err == nil {
		return nil
	}
	if _, statErr := os.Stat(dst); statErr == nil {
		if rmErr := os.Remove(dst); rmErr != nil {
			return err
		}
		return os.Rename(src, dst)
	}
	return err
}
