package core

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/filesystem"
	"github.com/spf13/cast"
)

// fileItems flattens a file field value (names, *filesystem.File uploads,
// lists of either, JSON array text) into unique non-empty items, each a
// string or a *filesystem.File.
func fileItems(raw any) []any {
	var out []any
	seen := map[string]bool{}
	add := func(item any) {
		var name string
		switch v := item.(type) {
		case string:
			name = v
		case *filesystem.File:
			if v == nil {
				return
			}
			name = v.Name
		default:
			return
		}
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		out = append(out, item)
	}
	var walk func(v any)
	walk = func(v any) {
		switch val := v.(type) {
		case nil:
		case *filesystem.File:
			add(val)
		case filesystem.File:
			add(&val)
		case []*filesystem.File:
			for _, f := range val {
				add(f)
			}
		case []string:
			for _, s := range val {
				add(s)
			}
		case []any:
			for _, item := range val {
				switch item.(type) {
				case []any, []string, []*filesystem.File:
					continue // nested lists are no file names
				}
				walk(item)
			}
		case string:
			// a JSON array text (as stored, or sent in a form field)
			if len(val) > 1 && val[0] == '[' {
				var names []string
				if json.Unmarshal([]byte(val), &names) == nil {
					for _, s := range names {
						add(s)
					}
					return
				}
			}
			add(val)
		default:
			if s, err := cast.ToStringE(val); err == nil {
				add(s)
			}
		}
	}
	walk(raw)
	return out
}

// itemName is the stored name of an item of fileItems.
func itemName(item any) string {
	if f, ok := item.(*filesystem.File); ok {
		return f.Name
	}
	s, _ := item.(string)
	return s
}

// shape turns items into the field's value: for a multiple field a
// []string (or a []any while uploads are pending), else the last item or "".
func (f *FileField) shape(items []any) any {
	if f.IsMultiple() {
		names := make([]string, 0, len(items))
		for _, item := range items {
			s, ok := item.(string)
			if !ok {
				return items
			}
			names = append(names, s)
		}
		return names
	}
	if len(items) == 0 {
		return ""
	}
	return items[len(items)-1]
}

// storedNames lists the names a value refers to (uploads included).
func (f *FileField) storedNames(raw any) []string {
	items := fileItems(raw)
	names := make([]string, len(items))
	for i, item := range items {
		names[i] = itemName(item)
	}
	return names
}

// uploads lists the files of a value that are not stored yet.
func (f *FileField) uploads(raw any) []*filesystem.File {
	var out []*filesystem.File
	for _, item := range fileItems(raw) {
		if file, ok := item.(*filesystem.File); ok {
			out = append(out, file)
		}
	}
	return out
}

// PrepareValue normalises raw into the field's value.
func (f *FileField) PrepareValue(record *Record, raw any) (any, error) {
	return f.shape(fileItems(raw)), nil
}

// DriverValue stores the names: a JSON array text (multiple) or the name.
func (f *FileField) DriverValue(record *Record) (driver.Value, error) {
	names := f.storedNames(record.GetRaw(f.Name))
	if !f.IsMultiple() {
		if len(names) == 0 {
			return "", nil
		}
		return names[len(names)-1], nil
	}
	b, err := json.Marshal(names)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// FindSetter handles "name", "name+" (append), "+name" (prepend) and
// "name-" (remove by name); values may be names or *filesystem.File.
func (f *FileField) FindSetter(key string) SetterFunc {
	set := func(record *Record, items []any) { record.SetRaw(f.Name, f.shape(fileItems(items))) }
	switch key {
	case f.Name:
		return func(record *Record, raw any) { set(record, fileItems(raw)) }
	case f.Name + "+":
		return func(record *Record, raw any) {
			set(record, append(fileItems(record.GetRaw(f.Name)), fileItems(raw)...))
		}
	case "+" + f.Name:
		return func(record *Record, raw any) {
			set(record, append(fileItems(raw), fileItems(record.GetRaw(f.Name))...))
		}
	case f.Name + "-":
		return func(record *Record, raw any) {
			remove := f.storedNames(raw)
			items := fileItems(record.GetRaw(f.Name))
			items = slices.DeleteFunc(items, func(item any) bool { return slices.Contains(remove, itemName(item)) })
			set(record, items)
		}
	}
	return nil
}

// FindGetter handles "name:unsaved" (and its old alias "name:uploaded"):
// the files of the value waiting to be stored.
func (f *FileField) FindGetter(key string) func(record *Record) any {
	switch key {
	case f.Name + ":uploaded", f.Name + ":unsaved":
		return func(r *Record) any { return f.uploads(r.GetRaw(f.Name)) }
	}
	return nil
}

// ValidateValue checks required and maxSelect, rejects names the record
// did not have (a client cannot point at files it never uploaded), and
// checks each upload's name, size and sniffed type.
func (f *FileField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	items := fileItems(record.GetRaw(f.Name))
	if len(items) == 0 {
		if f.Required {
			return fieldError("validation_required", "Cannot be blank.", nil)
		}
		return nil
	}
	old := f.storedNames(record.Original().GetRaw(f.Name))
	var invalid []string
	for _, item := range items {
		if s, ok := item.(string); ok && !slices.Contains(old, s) {
			if len(s) > 250 {
				s = s[:250]
			}
			invalid = append(invalid, s)
		}
	}
	if len(invalid) > 0 {
		return fieldError("validation_invalid_file", fmt.Sprintf("Invalid new files: %v.", invalid),
			map[string]any{"invalidFiles": invalid})
	}
	maxSelect := max(f.MaxSelect, 1)
	if len(items) > maxSelect {
		return fieldError("validation_too_many_files", fmt.Sprintf("The maximum allowed files is %d", maxSelect),
			map[string]any{"maxSelect": maxSelect})
	}
	for _, upload := range f.uploads(items) {
		if err := f.validateUpload(upload); err != nil {
			return err
		}
	}
	return nil
}

// validateUpload checks one new file as PocketBase does.
func (f *FileField) validateUpload(upload *filesystem.File) error {
	if n := len(upload.Name); n < 1 || n > 150 {
		return fieldError("validation_length_out_of_range", "The length must be between 1 and 150.",
			map[string]any{"min": 1, "max": 150})
	}
	if !filesystem.ValidNameRegex.MatchString(upload.Name) {
		return fieldError("validation_match_invalid", "Must be in a valid format.", nil)
	}
	if upload.Size > f.MaxFileSize() {
		return fieldError("validation_file_size_limit",
			fmt.Sprintf("Failed to upload %s - the maximum allowed file size is %d bytes.", cutString(upload.OriginalName, 300), f.MaxFileSize()),
			map[string]any{"file": cutString(upload.OriginalName, 300), "maxSize": f.MaxFileSize()})
	}
	if len(f.MimeTypes) > 0 {
		ok, err := filesystem.MimeTypeIs(upload.Reader, f.MimeTypes)
		if err != nil {
			return fieldError("validation_invalid_mime_type",
				fmt.Sprintf("Failed to upload %q due to unsupported file type.", cutString(upload.OriginalName, 300)), nil)
		}
		if !ok {
			return fieldError("validation_invalid_mime_type",
				fmt.Sprintf("%q mime type must be one of: %s.", upload.Name, strings.Join(f.MimeTypes, ", ")), nil)
		}
	}
	return nil
}

func cutString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
