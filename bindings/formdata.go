package bindings

import (
	"bytes"
	"fmt"
	"github.com/hookbase/hookbase/engine/filesystem"
	"io"
	"mime/multipart"

	"github.com/spf13/cast"
)

// FormData is the browser-like multipart form of `new FormData()`: give it
// as the body of $http.send to send multipart/form-data. A value is text
// (numbers and booleans as their string) or a *filesystem.File ($filesystem.fileFrom…),
// sent as a file part. Entries keep their insertion order.
type FormData struct {
	entries []formEntry
}

type formEntry struct {
	key   string
	value any
}

// Append adds value under key, after the values key already has.
func (f *FormData) Append(key string, value any) {
	f.entries = append(f.entries, formEntry{key, value})
}

// Set replaces every value of key with value (in the place of the first).
func (f *FormData) Set(key string, value any) {
	for i, e := range f.entries {
		if e.key == key {
			f.entries[i].value = value
			f.entries = append(f.entries[:i+1], deleteKey(f.entries[i+1:], key)...)
			return
		}
	}
	f.Append(key, value)
}

// Delete removes every value of key.
func (f *FormData) Delete(key string) { f.entries = deleteKey(f.entries, key) }

func deleteKey(entries []formEntry, key string) []formEntry {
	out := entries[:0]
	for _, e := range entries {
		if e.key != key {
			out = append(out, e)
		}
	}
	return out
}

// Get is the first value of key, or null.
func (f *FormData) Get(key string) any {
	for _, e := range f.entries {
		if e.key == key {
			return e.value
		}
	}
	return nil
}

// GetAll is every value of key, in order.
func (f *FormData) GetAll(key string) []any {
	out := []any{}
	for _, e := range f.entries {
		if e.key == key {
			out = append(out, e.value)
		}
	}
	return out
}

// Has reports whether key has a value.
func (f *FormData) Has(key string) bool {
	for _, e := range f.entries {
		if e.key == key {
			return true
		}
	}
	return false
}

// Keys are the distinct keys, in order of first appearance.
func (f *FormData) Keys() []string {
	out := []string{}
	seen := map[string]bool{}
	for _, e := range f.entries {
		if !seen[e.key] {
			seen[e.key] = true
			out = append(out, e.key)
		}
	}
	return out
}

// Values are all values, in order.
func (f *FormData) Values() []any {
	out := make([]any, len(f.entries))
	for i, e := range f.entries {
		out[i] = e.value
	}
	return out
}

// Entries are [key, value] pairs, in order.
func (f *FormData) Entries() [][]any {
	out := make([][]any, len(f.entries))
	for i, e := range f.entries {
		out[i] = []any{e.key, e.value}
	}
	return out
}

// encode writes the form as multipart and returns it with its content type
// (which carries the boundary).
func (f *FormData) encode() (*bytes.Buffer, string, error) {
	body := &bytes.Buffer{}
	w := multipart.NewWriter(body)
	for _, e := range f.entries {
		if err := writePart(w, e); err != nil {
			return nil, "", fmt.Errorf("FormData %q: %w", e.key, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return body, w.FormDataContentType(), nil
}

func writePart(w *multipart.Writer, e formEntry) error {
	switch v := e.value.(type) {
	case *filesystem.File:
		part, err := w.CreateFormFile(e.key, v.OriginalName)
		if err != nil {
			return err
		}
		// each send opens the file anew, so the same file can be sent again
		r, err := v.Reader.Open()
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(part, r)
		return err
	case nil:
		return w.WriteField(e.key, "")
	case []byte:
		return w.WriteField(e.key, string(v))
	}
	s, err := cast.ToStringE(e.value)
	if err != nil {
		return fmt.Errorf("a value must be text, a number, a boolean or a file, not %T", e.value)
	}
	return w.WriteField(e.key, s)
}
