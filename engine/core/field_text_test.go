package core

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func TestTextFieldPrepareValue(t *testing.T) {
	f := &TextField{FieldBase: FieldBase{Name: "t"}}
	cases := []struct {
		raw  any
		want string
	}{
		{nil, ""},
		{"abc", "abc"},
		{[]byte("bytes"), "bytes"},
		{12.5, "12.5"},
		{true, "true"},
		{types.DateTime{}, ""},
	}
	for _, c := range cases {
		got, err := f.PrepareValue(nil, c.raw)
		if err != nil || got != c.want {
			t.Errorf("%#v: %#v, %v", c.raw, got, err)
		}
	}
}

func TestTextFieldValidateValue(t *testing.T) {
	cases := []struct {
		name  string
		field *TextField
		raw   any
		want  string
	}{
		{"empty optional", &TextField{FieldBase: FieldBase{Name: "t"}}, "", ""},
		{"required empty", &TextField{FieldBase: FieldBase{Name: "t"}, Required: true}, "", "validation_required"},
		{"required set", &TextField{FieldBase: FieldBase{Name: "t"}, Required: true}, "x", ""},
		{"min", &TextField{FieldBase: FieldBase{Name: "t"}, Min: 3}, "ab", "validation_min_text_constraint"},
		{"min empty skipped", &TextField{FieldBase: FieldBase{Name: "t"}, Min: 3}, "", ""},
		{"min multibyte counts runes", &TextField{FieldBase: FieldBase{Name: "t"}, Min: 3}, "äöü", ""},
		{"max", &TextField{FieldBase: FieldBase{Name: "t"}, Max: 3}, "abcd", "validation_max_text_constraint"},
		{"default max 5000", &TextField{FieldBase: FieldBase{Name: "t"}}, strings.Repeat("a", 5001), "validation_max_text_constraint"},
		{"default max ok", &TextField{FieldBase: FieldBase{Name: "t"}}, strings.Repeat("a", 5000), ""},
		{"pattern", &TextField{FieldBase: FieldBase{Name: "t"}, Pattern: `^\d+$`}, "12a", "validation_invalid_format"},
		{"pattern ok", &TextField{FieldBase: FieldBase{Name: "t"}, Pattern: `^\d+$`}, "123", ""},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	err := validateField(&TextField{FieldBase: FieldBase{Name: "t"}, Min: 3}, "ab")
	ve := err.(*validation.Error)
	if ve.Message != "Must be at least 3 character(s)." || ve.Params["min"] != 3 {
		t.Errorf("min error: %#v", ve)
	}
	ve = validateField(&TextField{FieldBase: FieldBase{Name: "t"}}, strings.Repeat("a", 5001)).(*validation.Error)
	if ve.Params["max"] != 5000 {
		t.Errorf("max error params: %#v", ve.Params)
	}
}

func TestTextFieldValidateSettings(t *testing.T) {
	base := func(mod func(f *TextField)) *TextField {
		f := &TextField{FieldBase: FieldBase{Id: "t1", Name: "title"}}
		mod(f)
		return f
	}
	pk := func(mod func(f *TextField)) *TextField {
		f := newIdField()
		mod(f)
		return f
	}
	cases := []struct {
		name  string
		field *TextField
		want  string
	}{
		{"plain", base(func(*TextField) {}), ""},
		{"negative min", base(func(f *TextField) { f.Min = -1 }), "min=validation_min_greater_equal_than_required"},
		{"max below min", base(func(f *TextField) { f.Min, f.Max = 10, 5 }), "max=validation_min_greater_equal_than_required"},
		{"max 0 with min", base(func(f *TextField) { f.Min = 10 }), ""},
		{"bad pattern", base(func(f *TextField) { f.Pattern = "(" }), "pattern=validation_invalid_regex"},
		{"bad autogenerate", base(func(f *TextField) { f.AutogeneratePattern = "[" }), "autogeneratePattern=validation_invalid_regex"},
		{"autogenerate too short", base(func(f *TextField) { f.AutogeneratePattern, f.Min = "[a-z]{3}", 5 }),
			"autogeneratePattern=validation_invalid_autogenerate_pattern_value"},
		{"autogenerate ok", base(func(f *TextField) { f.AutogeneratePattern, f.Min = "[a-z]{5}", 5 }), ""},
		{"id field", pk(func(*TextField) {}), ""},
		{"pk renamed", pk(func(f *TextField) { f.Name = "key" }), "name=validation_in_invalid"},
		{"pk hidden", pk(func(f *TextField) { f.Hidden = true }), "hidden=validation_empty"},
		{"pk optional", pk(func(f *TextField) { f.Required = false }), "required=validation_required"},
		{"pk no pattern", pk(func(f *TextField) { f.Pattern = "" }), "pattern=validation_required"},
	}
	for _, c := range cases {
		col := NewBaseCollection("demo")
		if !c.field.PrimaryKey {
			col.Fields.Add(c.field)
		}
		if got := errCodes(c.field.ValidateSettings(context.Background(), nil, col)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	col := NewBaseCollection("demo")
	second := &TextField{FieldBase: FieldBase{Id: "pk2", Name: "id2"}, PrimaryKey: true, Required: true, Pattern: ".*"}
	col.Fields.Add(second)
	if got := errCodes(second.ValidateSettings(context.Background(), nil, col)); !strings.Contains(got, "primaryKey=validation_unsupported_composite_pk") {
		t.Errorf("composite pk: %q", got)
	}
}

func TestTextFieldAutogenerate(t *testing.T) {
	f := &TextField{FieldBase: FieldBase{Name: "slug"}, AutogeneratePattern: "[a-z]{5}"}
	r := testRecord(f)

	r.Set("slug:autogenerate", "abc-")
	if got := r.GetString("slug"); !regexp.MustCompile(`^abc-[a-z]{5}$`).MatchString(got) {
		t.Fatalf("slug:autogenerate = %q", got)
	}

	// Without a pattern the modifier just sets the prefix.
	plain := &TextField{FieldBase: FieldBase{Name: "p"}}
	r2 := testRecord(plain)
	r2.Set("p:autogenerate", "x")
	if r2.GetString("p") != "x" {
		t.Fatalf("no pattern: %q", r2.GetString("p"))
	}

	// New records get a value before validation when empty…
	r = testRecord(f)
	called := false
	err := f.Intercept(context.Background(), nil, r, InterceptorActionValidate, func() error { called = true; return nil })
	if err != nil || !called || !regexp.MustCompile(`^[a-z]{5}$`).MatchString(r.GetString("slug")) {
		t.Fatalf("intercept: %v %v %q", err, called, r.GetString("slug"))
	}
	// …but an explicit value, or a stored record, is left alone.
	r.Set("slug", "mine")
	_ = f.Intercept(context.Background(), nil, r, InterceptorActionCreate, func() error { return nil })
	if r.GetString("slug") != "mine" {
		t.Fatalf("explicit value replaced: %q", r.GetString("slug"))
	}
	r.Set("slug", "")
	r.MarkAsNotNew()
	_ = f.Intercept(context.Background(), nil, r, InterceptorActionUpdate, func() error { return nil })
	if r.GetString("slug") != "" {
		t.Fatalf("stored record autogenerated: %q", r.GetString("slug"))
	}
}

func TestTextFieldPrimaryKey(t *testing.T) {
	app := newTestApp(t)
	col := NewBaseCollection("pk_demo")
	if err := app.Save(col); err != nil {
		t.Fatal(err)
	}
	idField := col.Fields.GetByName(FieldNameId).(*TextField)

	existing := NewRecord(col)
	existing.Id = "abcdefghijklmno"
	if err := app.Save(existing); err != nil {
		t.Fatal(err)
	}

	check := func(id string) string {
		r := NewRecord(col)
		r.Id = id
		return errCode(idField.ValidateValue(context.Background(), app, r))
	}
	if got := check("abcdefghijklmnp"); got != "" {
		t.Errorf("fresh id: %q", got)
	}
	// with the default pattern a duplicate is PocketBase's unique-constraint error
	if got := check("abcdefghijklmno"); got != "validation_not_unique" {
		t.Errorf("duplicate id: %q", got)
	}
	if got := check("short"); got != "validation_min_text_constraint" {
		t.Errorf("short id: %q", got)
	}
	if got := check("abc/efghijklmno"); got != "validation_pk_forbidden" {
		t.Errorf("slash: %q", got)
	}
	if got := check(""); got != "validation_required" {
		t.Errorf("empty: %q", got)
	}

	// A stored record cannot change its id.
	existing.Id = "zzzzzzzzzzzzzzz"
	if got := errCode(idField.ValidateValue(context.Background(), app, existing)); got != "validation_pk_change" {
		t.Errorf("pk change: %q", got)
	}
	existing.Id = "abcdefghijklmno"
	if got := errCode(idField.ValidateValue(context.Background(), app, existing)); got != "" {
		t.Errorf("unchanged stored id: %q", got)
	}
}

// The pattern check answers the same from the compiled-pattern cache as on
// its first use, and an invalid pattern matches nothing.
func TestTextFieldPatternCached(t *testing.T) {
	for i := 0; i < 3; i++ {
		if !matchFieldPattern(`^[a-z0-9]+$`, "abc123") || matchFieldPattern(`^[a-z0-9]+$`, "ABC") {
			t.Fatalf("run %d: wrong match", i)
		}
		if matchFieldPattern(`([`, "x") {
			t.Fatalf("run %d: an invalid pattern matched", i)
		}
	}
}
