package core

import (
	"context"
	"github.com/hookbase/hookbase/engine/filesystem"
	"strings"
	"testing"
)

func TestFileFieldValidateValue(t *testing.T) {
	ctx := context.Background()

	// A stored record may keep (or drop) the names it has…
	f := &FileField{FieldBase: FieldBase{Name: "docs"}, MaxSelect: 2}
	r := testRecord(f)
	r.SetRaw("docs", []string{"a_1.txt", "b_2.txt"})
	r.markSaved()
	if err := f.ValidateValue(ctx, nil, r); err != nil {
		t.Fatalf("stored names: %v", err)
	}
	r.Set("docs-", "a_1.txt")
	if err := f.ValidateValue(ctx, nil, r); err != nil {
		t.Fatalf("removed name: %v", err)
	}
	// …but a client cannot slip in a name of a file it never uploaded.
	r.Set("docs+", "../../etc/passwd")
	if got := errCode(f.ValidateValue(ctx, nil, r)); got != "validation_invalid_file" {
		t.Fatalf("forged name: %q", got)
	}
	if got := errCode(validateField(&FileField{FieldBase: FieldBase{Name: "f"}}, "new.png")); got != "validation_invalid_file" {
		t.Fatalf("forged name on a new record: %q", got)
	}

	// maxSelect is enforced on what is stored.
	single := &FileField{FieldBase: FieldBase{Name: "f"}}
	r = testRecord(single)
	r.SetRaw("f", []string{"a.txt", "b.txt"})
	r.markSaved()
	if got := errCode(single.ValidateValue(ctx, nil, r)); got != "validation_too_many_files" {
		t.Fatalf("too many: %q", got)
	}

	if got := errCode(validateField(&FileField{FieldBase: FieldBase{Name: "f"}, Required: true}, nil)); got != "validation_required" {
		t.Fatalf("required: %q", got)
	}
}

func TestFileFieldOptions(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		field *FileField
		want  string
	}{
		{"ok", &FileField{FieldBase: FieldBase{Id: "f1", Name: "f"}, MaxSelect: 3, Thumbs: []string{"100x100", "0x50", "50x0f", "10x20t", "10x20b"}}, ""},
		{"bad thumbs", &FileField{FieldBase: FieldBase{Id: "f1", Name: "f"}, Thumbs: []string{"100", "0x0", "10x10z", "20x20"}},
			"thumbs.0=validation_match_invalid thumbs.1=validation_not_in_invalid thumbs.2=validation_match_invalid"},
		{"negative", &FileField{FieldBase: FieldBase{Id: "f1", Name: "f"}, MaxSelect: -1, MaxSize: -1},
			"maxSelect=validation_min_greater_equal_than_required maxSize=validation_min_greater_equal_than_required"},
	}
	for _, c := range cases {
		if got := errCodes(c.field.ValidateSettings(ctx, nil, nil)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	f := &FileField{}
	if f.MaxFileSize() != DefaultFileFieldMaxSize || f.CalculateMaxBodySize() != DefaultFileFieldMaxSize {
		t.Error("default sizes")
	}
	f = &FileField{MaxSize: 10, MaxSelect: 3}
	if f.CalculateMaxBodySize() != 30 {
		t.Errorf("body size %d", f.CalculateMaxBodySize())
	}

	// Upload getters list only the files not stored yet.
	r := testRecord(&FileField{FieldBase: FieldBase{Name: "avatar"}})
	r.Set("avatar", "x.png")
	if len(r.Get("avatar:uploaded").([]*filesystem.File)) != 0 || len(r.Get("avatar:unsaved").([]*filesystem.File)) != 0 {
		t.Error("uploaded getter")
	}
	if r.Get("avatar") != "x.png" {
		t.Errorf("plain get: %#v", r.Get("avatar"))
	}
	long := strings.Repeat("n", 300)
	err := validateField(&FileField{FieldBase: FieldBase{Name: "f"}}, long)
	if files := err.(interface{ Error() string }); !strings.Contains(files.Error(), strings.Repeat("n", 250)) || strings.Contains(files.Error(), strings.Repeat("n", 251)) {
		t.Errorf("long names are cut in the error: %d", len(files.Error()))
	}
}
