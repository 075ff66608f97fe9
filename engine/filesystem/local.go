package filesystem

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// attrsSuffix is the sidecar PocketBase's local storage writes next to each
// file with its content type and metadata; hookbase reads and writes the
// same files so that a pb_data moves between the two unchanged.
const attrsSuffix = ".attrs"

// tempPrefix marks files being written (hidden from listings).
const tempPrefix = ".hbtmp-"

// Local stores objects as files under a root directory.
type Local struct {
	root string
}

var _ Storage = (*Local)(nil)

// NewLocal returns a Local storage rooted at dir (created when missing).
func NewLocal(dir string) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("local storage: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("local storage: %w", err)
	}
	return &Local{root: abs}, nil
}

// Root is the directory the objects live in.
func (l *Local) Root() string { return l.root }

// path maps a key to a file path, refusing keys that could leave the root
// or that name a sidecar or temp file.
func (l *Local) path(key string) (string, error) {
	key, err := CleanKey(key)
	if err != nil {
		return "", err
	}
	base := key[strings.LastIndex(key, "/")+1:]
	if strings.HasSuffix(base, attrsSuffix) || strings.HasPrefix(base, tempPrefix) {
		return "", ErrInvalidKey
	}
	p := filepath.Join(l.root, filepath.FromSlash(key))
	if rel, err := filepath.Rel(l.root, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", ErrInvalidKey
	}
	return p, nil
}

type localAttrs struct {
	CacheControl       string            `json:"user.cache_control"`
	ContentDisposition string            `json:"user.content_disposition"`
	ContentEncoding    string            `json:"user.content_encoding"`
	ContentLanguage    string            `json:"user.content_language"`
	ContentType        string            `json:"user.content_type"`
	Metadata           map[string]string `json:"user.metadata"`
	MD5                []byte            `json:"md5"`
}

// Put writes to a temp file in the target directory and renames it into
// place, so readers never see a half-written file.
func (l *Local) Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("local put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), tempPrefix+"*")
	if err != nil {
		return fmt.Errorf("local put %s: %w", key, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := io.Copy(tmp, contextReader{ctx: ctx, r: r}); err != nil {
		tmp.Close()
		return fmt.Errorf("local put %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("local put %s: %w", key, err)
	}
	if opts.ContentType == "" {
		opts.ContentType = "application/octet-stream"
	}
	raw, err := json.Marshal(localAttrs{ContentType: opts.ContentType, Metadata: opts.Metadata})
	if err != nil {
		return err
	}
	if err := os.WriteFile(p+attrsSuffix, append(raw, '\n'), 0o644); err != nil {
		return fmt.Errorf("local put %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(p + attrsSuffix)
		return fmt.Errorf("local put %s: %w", key, err)
	}
	return nil
}

// contextReader stops a copy once ctx is done.
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

type localObject struct {
	*os.File
	attrs Attributes
}

func (o *localObject) Attributes() Attributes { return o.attrs }

func (l *Local) Open(ctx context.Context, key string) (Object, error) {
	attrs, err := l.Stat(ctx, key)
	if err != nil {
		return nil, err
	}
	p, _ := l.path(key)
	f, err := os.Open(p)
	if err != nil {
		return nil, notFound(key, err)
	}
	return &localObject{File: f, attrs: attrs}, nil
}

// Stat reads the sidecar attributes; files without one (copied in by
// hand) get their type sniffed.
func (l *Local) Stat(ctx context.Context, key string) (Attributes, error) {
	p, err := l.path(key)
	if err != nil {
		return Attributes{}, err
	}
	info, err := os.Stat(p)
	if err != nil {
		return Attributes{}, notFound(key, err)
	}
	if info.IsDir() {
		return Attributes{}, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	attrs := Attributes{Size: info.Size(), ModTime: info.ModTime()}
	var side localAttrs
	if raw, err := os.ReadFile(p + attrsSuffix); err == nil && json.Unmarshal(raw, &side) == nil {
		attrs.ContentType = side.ContentType
		attrs.Metadata = side.Metadata
	}
	if attrs.ContentType == "" {
		if f, err := os.Open(p); err == nil {
			attrs.ContentType = DetectContentType(f)
			f.Close()
		}
	}
	return attrs, nil
}

// Delete removes a file with its sidecar, or an empty directory.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil {
		return notFound(key, err)
	}
	os.Remove(p + attrsSuffix)
	return nil
}

func (l *Local) List(ctx context.Context, prefix string) ([]ObjectInfo, error) {
	prefix, err := cleanPrefix(prefix)
	if err != nil {
		return nil, err
	}
	// walk only the deepest directory the prefix names
	dir := l.root
	if i := strings.LastIndex(prefix, "/"); i > 0 {
		dir = filepath.Join(l.root, filepath.FromSlash(prefix[:i]))
	}
	var out []ObjectInfo
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		name := d.Name()
		if d.IsDir() || strings.HasSuffix(name, attrsSuffix) || strings.HasPrefix(name, tempPrefix) {
			return nil
		}
		rel, err := filepath.Rel(l.root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // removed meanwhile
		}
		out = append(out, ObjectInfo{Key: key, Size: info.Size(), ModTime: info.ModTime()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("local list %s: %w", prefix, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func (l *Local) Copy(ctx context.Context, src, dst string) error {
	obj, err := l.Open(ctx, src)
	if err != nil {
		return err
	}
	defer obj.Close()
	a := obj.Attributes()
	return l.Put(ctx, dst, obj, a.Size, PutOptions{ContentType: a.ContentType, Metadata: a.Metadata})
}

func (l *Local) Close() error { return nil }

func notFound(key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	return err
}
