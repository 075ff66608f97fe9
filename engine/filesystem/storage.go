package filesystem

import (
	"context"
	"errors"
	"io"
	"path"
	"strings"
	"time"
)

// ErrNotFound is returned (wrapped) for a key that holds no object.
var ErrNotFound = errors.New("filesystem: object not found")

// ErrInvalidKey is returned for a key that could escape the storage root.
var ErrInvalidKey = errors.New("filesystem: invalid key")

// Attributes describe a stored object.
type Attributes struct {
	Size        int64
	ModTime     time.Time
	ContentType string
	// Metadata holds user metadata such as "original-filename".
	Metadata map[string]string
}

// Object is an opened stored object: a seekable reader (for range
// requests) with its attributes.
type Object interface {
	io.ReadSeekCloser
	Attributes() Attributes
}

// ObjectInfo is one entry of a listing.
type ObjectInfo struct {
	Key     string
	Size    int64
	ModTime time.Time
}

// PutOptions are the attributes stored with a new object.
type PutOptions struct {
	ContentType string
	Metadata    map[string]string
}

// Storage is a flat key → object store where keys are slash separated
// paths ("<collectionId>/<recordId>/<name>"). The local and S3 backends
// implement it; callers (records, backups) go through System.
type Storage interface {
	// Put stores r under key, replacing any object there; size is -1 when
	// unknown. A failed Put leaves no partial object behind.
	Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) error
	// Open opens key for reading.
	Open(ctx context.Context, key string) (Object, error)
	// Stat returns the attributes of key.
	Stat(ctx context.Context, key string) (Attributes, error)
	// Delete removes key (ErrNotFound when missing).
	Delete(ctx context.Context, key string) error
	// List returns the objects whose key starts with prefix, in key order.
	List(ctx context.Context, prefix string) ([]ObjectInfo, error)
	// Copy duplicates src into dst.
	Copy(ctx context.Context, src, dst string) error
	// Close releases the backend's resources.
	Close() error
}

// MetadataOriginalName is the metadata key holding an upload's name.
const MetadataOriginalName = "original-filename"

// CleanKey checks that key is a relative slash separated path without
// empty, "." or ".." segments, backslashes or NULs, so that no backend can
// resolve it outside its root.
func CleanKey(key string) (string, error) {
	if key == "" || strings.HasPrefix(key, "/") || strings.ContainsAny(key, "\\\x00") {
		return "", ErrInvalidKey
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", ErrInvalidKey
		}
	}
	if path.Clean(key) != key {
		return "", ErrInvalidKey
	}
	return key, nil
}

// cleanPrefix is CleanKey for listing prefixes, which may end with "/"
// or be empty (everything).
func cleanPrefix(prefix string) (string, error) {
	if prefix == "" {
		return "", nil
	}
	trimmed := strings.TrimSuffix(prefix, "/")
	if _, err := CleanKey(trimmed); err != nil {
		return "", err
	}
	return prefix, nil
}
