package filesystem

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// System is the file storage of an app: a Storage plus the operations
// records need (upload a File, delete a record's files, serve, thumbs).
// The backups helper may use Storage directly (Put/Open/List/Delete).
type System struct {
	Storage
}

// New wraps a storage backend.
func New(s Storage) *System { return &System{Storage: s} }

// Exists reports whether key holds an object.
func (s *System) Exists(ctx context.Context, key string) (bool, error) {
	_, err := s.Stat(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Upload stores content under key with its sniffed type.
func (s *System) Upload(ctx context.Context, content []byte, key string) error {
	f, err := NewFileFromBytes(content, filepath.Base(key))
	if err != nil {
		return err
	}
	return s.UploadFile(ctx, f, key)
}

// UploadFile stores f under key with the content type sniffed from its
// content and its original name as metadata.
func (s *System) UploadFile(ctx context.Context, f *File, key string) error {
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
	return s.Put(ctx, key, r, f.Size, PutOptions{
		ContentType: ct,
		Metadata:    map[string]string{MetadataOriginalName: original},
	})
}

// DeletePrefix deletes every object under prefix (and, for a prefix
// ending in "/", the directories left empty) and returns the failures.
func (s *System) DeletePrefix(ctx context.Context, prefix string) []error {
	if strings.Trim(prefix, "/") == "" {
		return []error{errors.New("delete prefix: the prefix must not be empty")}
	}
	objs, err := s.List(ctx, prefix)
	if err != nil {
		return []error{err}
	}
	var failed []error
	dirs := map[string]bool{}
	if strings.HasSuffix(prefix, "/") {
		dirs[strings.TrimSuffix(prefix, "/")] = true
	}
	for _, o := range objs {
		if err := s.Delete(ctx, o.Key); err != nil && !errors.Is(err, ErrNotFound) {
			failed = append(failed, err)
			continue
		}
		if strings.HasSuffix(prefix, "/") {
			for d := o.Key; strings.Contains(d, "/"); {
				d = d[:strings.LastIndex(d, "/")]
				if len(d) < len(strings.TrimSuffix(prefix, "/")) {
					break
				}
				dirs[d] = true
			}
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
			_ = s.Delete(ctx, d)
		}
	}
	return failed
}

// IsEmptyDir reports whether no object lives under dir.
func (s *System) IsEmptyDir(ctx context.Context, dir string) bool {
	if dir != "" && !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	objs, err := s.List(ctx, dir)
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
	obj, err := s.Open(r.Context(), key)
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
