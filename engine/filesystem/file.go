// Package filesystem stores files of records (and anything else keyed by a
// slash separated path) on the local disk or in an S3 bucket, serves them
// over HTTP and makes image thumbnails. It knows nothing of records:
// engine/core builds the keys from validated ids and names.
package filesystem

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"github.com/hookbase/hookbase/engine/tools/inflector"
	"github.com/hookbase/hookbase/engine/tools/security"
)

// FileReader opens the content of a File, as often as needed (sniffing the
// type and storing it each read it from the start).
type FileReader interface {
	Open() (io.ReadSeekCloser, error)
}

// File is a file waiting to be stored: Name is the normalised, unique name
// it gets in storage; OriginalName the name it came with.
type File struct {
	Reader       FileReader `json:"-"`
	Name         string     `json:"name"`
	OriginalName string     `json:"originalName"`
	Size         int64      `json:"size"`
}

// String is the stored name, so code casting a field value to strings sees
// names whether or not the file is stored yet.
func (f *File) String() string { return f.Name }

// AsMap is the file as plain data (what JS sees when it prints one).
func (f *File) AsMap() map[string]any {
	return map[string]any{"name": f.Name, "originalName": f.OriginalName, "size": f.Size}
}

// NewFileFromPath makes a File of a local file (read when stored).
func NewFileFromPath(p string) (*File, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("file from path: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("file from path: %s is a directory", p)
	}
	f := &File{Reader: &PathReader{Path: p}, Size: info.Size(), OriginalName: info.Name()}
	f.Name = NormalizeName(f.Reader, f.OriginalName)
	return f, nil
}

// NewFileFromBytes makes a File of content; empty content is refused.
func NewFileFromBytes(content []byte, name string) (*File, error) {
	if len(content) == 0 {
		return nil, errors.New("cannot create an empty file")
	}
	f := &File{Reader: &BytesReader{Bytes: content}, Size: int64(len(content)), OriginalName: name}
	f.Name = NormalizeName(f.Reader, name)
	return f, nil
}

// NewFileFromMultipart makes a File of an uploaded part (kept in memory or
// in a temp file by the multipart reader).
func NewFileFromMultipart(h *multipart.FileHeader) (*File, error) {
	if h == nil {
		return nil, errors.New("missing multipart file header")
	}
	f := &File{Reader: &MultipartReader{Header: h}, Size: h.Size, OriginalName: h.Filename}
	f.Name = NormalizeName(f.Reader, h.Filename)
	return f, nil
}

// MaxURLFileSize bounds what NewFileFromURL downloads.
const MaxURLFileSize int64 = 100 << 20

// NewFileFromURL downloads url (a 2xx/3xx answer, at most MaxURLFileSize
// bytes) into memory and makes a File named after the url's last segment.
func NewFileFromURL(ctx context.Context, url string) (*File, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("file from url: %w", err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("file from url: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 399 {
		return nil, fmt.Errorf("file from url: %s answered %d", url, res.StatusCode)
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(res.Body, MaxURLFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("file from url: %w", err)
	}
	if n > MaxURLFileSize {
		return nil, fmt.Errorf("file from url: more than %d bytes", MaxURLFileSize)
	}
	return NewFileFromBytes(buf.Bytes(), path.Base(req.URL.Path))
}

// MultipartReader reads an uploaded multipart file.
type MultipartReader struct{ Header *multipart.FileHeader }

func (r *MultipartReader) Open() (io.ReadSeekCloser, error) { return r.Header.Open() }

// PathReader reads a local file.
type PathReader struct{ Path string }

func (r *PathReader) Open() (io.ReadSeekCloser, error) { return os.Open(r.Path) }

// BytesReader reads content held in memory.
type BytesReader struct{ Bytes []byte }

func (r *BytesReader) Open() (io.ReadSeekCloser, error) {
	return nopCloser{bytes.NewReader(r.Bytes)}, nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

var (
	extCleanRegex = regexp.MustCompile(`[^\w.*\-+=#]+`)
	// ValidNameRegex is what a stored name may look like: no leading dot,
	// no separators (so it never leaves its record's directory).
	ValidNameRegex = regexp.MustCompile(`^[^./\\][^/\\]*$`)
)

const nameAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// NormalizeName turns an uploaded name into PocketBase's stored form
// snake_base_<10 random>.<ext>: the extension (up to two parts, e.g.
// .tar.gz) is cleaned, or sniffed from the content when there is none.
func NormalizeName(r FileReader, name string) string {
	if len(name) > 300 {
		name = name[len(name)-300:]
	}
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(name)
	if name == "/" || name == "." {
		name = ""
	}
	origExt := splitExt(name)
	ext := "." + strings.Trim(extCleanRegex.ReplaceAllString(origExt, ""), ".")
	if ext == "." && r != nil {
		ext = sniffExt(r)
	}
	if len(ext) > 20 {
		ext = "." + strings.Trim(ext[len(ext)-20:], ".")
	}
	base := inflector.Snakecase(strings.Trim(strings.TrimSuffix(name, origExt), "."))
	if len(base) < 3 {
		base += security.RandomStringWithAlphabet(10, nameAlphabet)
	} else if len(base) > 100 {
		base = base[:100]
	}
	return base + "_" + security.RandomStringWithAlphabet(10, nameAlphabet) + ext
}

// splitExt returns the extension with at most two dotted parts.
func splitExt(name string) string {
	last := strings.LastIndex(name, ".")
	if last < 0 {
		return ""
	}
	if prev := strings.LastIndex(name[:last], "."); prev >= 0 {
		return name[prev:]
	}
	return name[last:]
}

func sniffExt(r FileReader) string {
	rc, err := r.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	mt, err := mimetype.DetectReader(rc)
	if err != nil {
		return ""
	}
	return mt.Extension()
}

// DetectContentType sniffs the type of r's content (from its start).
func DetectContentType(r io.Reader) string {
	mt, err := mimetype.DetectReader(r)
	if err != nil {
		return "application/octet-stream"
	}
	return mt.String()
}

// MimeTypeIs reports whether the sniffed type of content matches one of
// types (aliases and parents count, as mimetype.Is does).
func MimeTypeIs(r FileReader, types []string) (bool, error) {
	rc, err := r.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	mt, err := mimetype.DetectReader(rc)
	if err != nil {
		return false, err
	}
	for _, t := range types {
		if mt.Is(t) {
			return true, nil
		}
	}
	return false, nil
}
