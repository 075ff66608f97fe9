package filesystem

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// System is the file storage of an app: a Storage plus the operations
// records need (upload a File, delete a record's files, serve, thumbs).
//
// Its methods take no context: they use the one given to SetContext
// (context.Background by default), which keeps the API of PocketBase's
// filesystem that JS hooks call ($app.newFilesystem()). Go code wanting a
// context per call uses the embedded Storage (Put/Open/Stat/List/...).
type System struct {
	Storage
	ctx context.Context
}

// New wraps a storage backend.
func New(s Storage) *System { return &System{Storage: s, ctx: context.Background()} }

// SetContext sets the context of the following operations.
func (s *System) SetContext(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	s.ctx = ctx
}

// Context is the context operations run with.
func (s *System) Context() context.Context {
	if s.ctx == nil {
		return context.Background()
	}
	return s.ctx
}

// WithContext returns a System on the same storage using ctx.
func (s *System) WithContext(ctx context.Context) *System {
	out := New(s.Storage)
	out.SetContext(ctx)
	return out
}

// Exists reports whether key holds an object.
func (s *System) Exists(key string) (bool, error) {
	_, err := s.Storage.Stat(s.Context(), key)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Attributes returns the attributes of key.
func (s *System) Attributes(key string) (Attributes, error) {
	return s.Storage.Stat(s.Context(), key)
}

// GetFile opens key for reading (close it when done).
func (s *System) GetFile(key string) (Object, error) {
	return s.Storage.Open(s.Context(), key)
}

// GetReuploadableFile reads key into a File that can be set on a record
// field (a new unique name unless preserveName).
func (s *System) GetReuploadableFile(key string, preserveName bool) (*File, error) {
	obj, err := s.GetFile(key)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	content, err := io.ReadAll(obj)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	name := filepath.Base(key)
	if original := obj.Attributes().Metadata[MetadataOriginalName]; original != "" {
		name = original
	}
	f, err := NewFileFromBytes(content, name)
	if err != nil {
		return nil, err
	}
	if preserveName {
		f.Name = filepath.Base(key)
	}
	return f, nil
}

// Copy duplicates src into dst.
func (s *System) Copy(src, dst string) error { return s.Storage.Copy(s.Context(), src, dst) }

// List returns the objects under prefix.
func (s *System) List(prefix string) ([]ObjectInfo, error) {
	return s.Storage.List(s.Context(), prefix)
}

// Delete removes key (ErrNotFound when missing).
func (s *System) Delete(key string) error { return s.Storage.Delete(s.Context(), key) }

// Upload stores content under key with its sniffed type.
func (s *System) Upload(content []byte, key string) error {
	f, err := NewFileFromBytes(content, filepath.Base(key))
	if err != nil {
		return err
	}
	return s.UploadFile(f, key)
}

// UploadMultipart stores an uploaded multipart file under key.
func (s *System) UploadMultipart(h *multipart.FileHeader, key string) error {
	f, err := NewFileFromMultipart(h)
	if err != nil {
		return err
	}
	return s.UploadFile(f, key)
}

// UploadFile stores f under key with the content type sniffed from its
// content and its original name as metadata.
func (s *System) UploadFile(f *File, key string) error {
	if f == nil || f.Reader == nil {
		return errors.New("upload: missing file reader")
	}
	r, err := f.Reader.Open()
	if err != nil {
		return fmt.Errorf("upload %s: %w", key, err)
	}
	defer r.Close()
	ct := DetectContentType(r)
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("upload %s: %w", key, err)
	}
	original := f.OriginalName
	if len(original) > 255 {
		original = original[:255]
	}
	return s.Storage.Put(s.Context(), key, r, f.Size, PutOptions{
		ContentType: ct,
		Metadata:    map[string]string{MetadataOriginalName: original},
	})
}

// DeletePrefix deletes every object under prefix (and, for a prefix
// ending in "/", the directories left empty) and returns the failures.
func (s *System) DeletePrefix(prefix string) []error {
	if strings.Trim(prefix, "/") == "" {
		return []error{errors.New("delete prefix: the prefix must not be empty")}
	}
	ctx := s.Context()
	objs, err := s.Storage.List(ctx, prefix)
	if err != nil {
		return []error{err}
	}
	var failed []error
	isDir := strings.HasSuffix(prefix, "/")
	root := strings.TrimSuffix(prefix, "/")
	dirs := map[string]bool{}
	if isDir {
		dirs[root] = true
	}
	for _, o := range objs {
		if err := s.Storage.Delete(ctx, o.Key); err != nil && !errors.Is(err, ErrNotFound) {
			failed = append(failed, err)
			continue
		}
		for d := o.Key; isDir && strings.Contains(d, "/"); {
			d = d[:strings.LastIndex(d, "/")]
			if len(d) < len(root) {
				break
			}
			dirs[d] = true
		}
	}
	if _, ok := s.Storage.(*Local); ok {
		// deepest first, so parents are empty when their turn comes
		ordered := make([]string, 0, len(dirs))
		for d := range dirs {
			ordered = append(ordered, d)
		}
		slices.SortFunc(ordered, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
		for _, d := range ordered {
			_ = s.Storage.Delete(ctx, d)
		}
	}
	return failed
}

// IsEmptyDir reports whether no object lives under dir.
func (s *System) IsEmptyDir(dir string) bool {
	if dir != "" && !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	objs, err := s.Storage.List(s.Context(), dir)
	return err == nil && len(objs) == 0
}

// inlineTypes are served with Content-Disposition inline; anything else
// is an attachment (a browser should not render e.g. HTML of a user).
var inlineTypes = []string{
	"image/png", "image/jpg", "image/jpeg", "image/gif", "image/webp", "image/x-icon", "image/bmp",
	"video/webm", "video/mp4", "video/3gpp", "video/quicktime", "video/x-ms-wmv",
	"audio/basic", "audio/aiff", "audio/mpeg", "audio/midi", "audio/mp3", "audio/wave",
	"audio/wav", "audio/x-wav", "audio/x-mpeg", "audio/x-m4a", "audio/aac",
	"application/pdf", "application/x-pdf",
}

// extensionTypes override sniffed types that content sniffing gets wrong
// for these extensions (as PocketBase does).
var extensionTypes = map[string]string{
	".svg":  "image/svg+xml",
	".css":  "text/css",
	".js":   "text/javascript",
	".mjs":  "text/javascript",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

// DownloadParam forces Content-Disposition: attachment (?download=1).
const DownloadParam = "download"

// Serve answers the object at key as a file named name, with PocketBase's
// headers (disposition, a sandboxing CSP, a month of caching) unless the
// caller set them, and range/conditional handling of http.ServeContent.
func (s *System) Serve(w http.ResponseWriter, r *http.Request, key, name string) error {
	obj, err := s.Storage.Open(r.Context(), key)
	if err != nil {
		return err
	}
	defer obj.Close()
	attrs := obj.Attributes()

	download, _ := strconv.ParseBool(r.URL.Query().Get(DownloadParam))
	disposition := "attachment"
	if !download && slices.Contains(inlineTypes, attrs.ContentType) {
		disposition = "inline"
	}
	ct := attrs.ContentType
	if byExt, ok := extensionTypes[strings.ToLower(filepath.Ext(key))]; ok {
		ct = byExt
	}
	h := w.Header()
	setMissing(h, "Content-Disposition", disposition+"; filename="+name)
	setMissing(h, "Content-Type", ct)
	setMissing(h, "Content-Security-Policy", "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
	setMissing(h, "X-Content-Type-Options", "nosniff")
	setMissing(h, "Cache-Control", "max-age=2592000, stale-while-revalidate=86400")
	http.ServeContent(w, r, name, attrs.ModTime, obj)
	return nil
}

func setMissing(h http.Header, key, value string) {
	if _, ok := h[key]; !ok {
		h.Set(key, value)
	}
}
