package core

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/hookbase/hookbase/engine/filesystem"
)

// storageBackupsStore keeps backups in a filesystem.Storage (the S3
// bucket of settings.backups.s3), one object per backup at the bucket
// root, as PocketBase does.
type storageBackupsStore struct{ s filesystem.Storage }

func newS3BackupsStore(cfg S3Config) (BackupsStore, error) {
	s3, err := filesystem.NewS3(cfg.ToFilesystem())
	if err != nil {
		return nil, err
	}
	return &storageBackupsStore{s: s3}, nil
}

func (b *storageBackupsStore) List(ctx context.Context, prefix string) ([]BackupFileInfo, error) {
	objects, err := b.s.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := []BackupFileInfo{}
	for _, o := range objects {
		if strings.Contains(o.Key, "/") {
			continue // not a backup (something else shares the bucket)
		}
		out = append(out, BackupFileInfo{Key: o.Key, Size: o.Size, Modified: o.ModTime})
	}
	return out, nil
}

func (b *storageBackupsStore) Exists(ctx context.Context, key string) (bool, error) {
	if !ValidBackupKey(key) {
		return false, nil
	}
	_, err := b.s.Stat(ctx, key)
	if errors.Is(err, filesystem.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (b *storageBackupsStore) Upload(ctx context.Context, key string, r io.Reader, size int64) error {
	if !ValidBackupKey(key) {
		return errors.New("invalid backup key")
	}
	return b.s.Put(ctx, key, r, size, filesystem.PutOptions{ContentType: "application/zip"})
}

func (b *storageBackupsStore) Open(ctx context.Context, key string) (io.ReadCloser, BackupFileInfo, error) {
	if !ValidBackupKey(key) {
		return nil, BackupFileInfo{}, ErrBackupNotFound
	}
	obj, err := b.s.Open(ctx, key)
	if errors.Is(err, filesystem.ErrNotFound) {
		return nil, BackupFileInfo{}, ErrBackupNotFound
	}
	if err != nil {
		return nil, BackupFileInfo{}, err
	}
	attrs := obj.Attributes()
	return obj, BackupFileInfo{Key: key, Size: attrs.Size, Modified: attrs.ModTime}, nil
}

func (b *storageBackupsStore) Delete(ctx context.Context, key string) error {
	if !ValidBackupKey(key) {
		return ErrBackupNotFound
	}
	err := b.s.Delete(ctx, key)
	if errors.Is(err, filesystem.ErrNotFound) {
		return ErrBackupNotFound
	}
	return err
}

func (b *storageBackupsStore) Close() error { return b.s.Close() }
