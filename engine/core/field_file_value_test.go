package core

import (
	"context"
	"reflect"
	"testing"

	"github.com/hookbase/hookbase/engine/filesystem"
)

func testUpload(t *testing.T, content, name string) *filesystem.File {
	t.Helper()
	f, err := filesystem.NewFileFromBytes([]byte(content), name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Uploads travel in the value next to stored names until the save; the
// modifiers work on both and the stored form is always names.
func TestFileFieldValueWithUploads(t *testing.T) {
	f := &FileField{FieldBase: FieldBase{Name: "docs"}, MaxSelect: 5}
	r := testRecord(f)
	r.SetRaw("docs", []string{"old_1234567890.txt"})
	r.markSaved()

	up := testUpload(t, "new", "new.txt")
	r.Set("docs+", up)
	items := r.GetRaw("docs").([]any)
	if len(items) != 2 || items[0] != "old_1234567890.txt" || items[1] != up {
		t.Fatalf("append: %#v", items)
	}
	if got := r.Get("docs:unsaved").([]*filesystem.File); len(got) != 1 || got[0] != up {
		t.Fatalf("unsaved: %#v", got)
	}
	if got := r.GetStringSlice("docs"); !reflect.DeepEqual(got, []string{"old_1234567890.txt", up.Name}) {
		t.Fatalf("names: %v", got)
	}
	dv, _ := f.DriverValue(r)
	if dv != `["old_1234567890.txt","`+up.Name+`"]` {
		t.Fatalf("driver value %v", dv)
	}
	// removing by name works for uploads too; the same file twice is one item
	r.Set("docs-", up.Name)
	r.Set("+docs", []any{up, up})
	if got := r.GetStringSlice("docs"); !reflect.DeepEqual(got, []string{up.Name, "old_1234567890.txt"}) {
		t.Fatalf("prepend: %v", got)
	}
	if err := f.ValidateValue(context.Background(), nil, r); err != nil {
		t.Fatalf("valid: %v", err)
	}
	r.Set("docs", "")
	if r.GetRaw("docs") == nil || len(r.GetStringSlice("docs")) != 0 {
		t.Fatalf("clear: %#v", r.GetRaw("docs"))
	}

	// a single field keeps the last item
	single := &FileField{FieldBase: FieldBase{Name: "f"}}
	rs := testRecord(single)
	rs.Set("f", []any{testUpload(t, "a", "aaa.txt"), up})
	if rs.GetRaw("f") != up {
		t.Fatalf("single: %#v", rs.GetRaw("f"))
	}
}

// Each validation code of an upload, as PocketBase answers them.
func TestFileFieldUploadValidation(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
	cases := []struct {
		name  string
		field *FileField
		file  *filesystem.File
		code  string
	}{
		{"ok", &FileField{FieldBase: FieldBase{Name: "f"}, MimeTypes: []string{"image/png"}}, testUpload(t, png, "a.png"), ""},
		{"size", &FileField{FieldBase: FieldBase{Name: "f"}, MaxSize: 2}, testUpload(t, "abc", "abc.txt"), "validation_file_size_limit"},
		{"sniffed type", &FileField{FieldBase: FieldBase{Name: "f"}, MimeTypes: []string{"image/png"}}, testUpload(t, "text", "x.png"), "validation_invalid_mime_type"},
		{"bad name", &FileField{FieldBase: FieldBase{Name: "f"}}, &filesystem.File{Name: "../x.txt", Size: 1, Reader: &filesystem.BytesReader{Bytes: []byte("x")}}, "validation_match_invalid"},
		{"long name", &FileField{FieldBase: FieldBase{Name: "f"}}, &filesystem.File{Name: string(make([]byte, 151)), Size: 1}, "validation_length_out_of_range"},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.file)); got != c.code {
			t.Errorf("%s: %q, want %q", c.name, got, c.code)
		}
	}
	tooMany := &FileField{FieldBase: FieldBase{Name: "f"}, MaxSelect: 2}
	if got := errCode(validateField(tooMany, []any{testUpload(t, "1", "one.txt"), testUpload(t, "2", "two.txt"), testUpload(t, "3", "three.txt")})); got != "validation_too_many_files" {
		t.Errorf("too many: %q", got)
	}
}
