package core

import (
	"context"
	"reflect"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func TestSelectFieldPrepareValue(t *testing.T) {
	single := &SelectField{FieldBase: FieldBase{Name: "s"}, Values: []string{"a", "b", "c"}}
	multi := &SelectField{FieldBase: FieldBase{Name: "s"}, Values: []string{"a", "b", "c"}, MaxSelect: 3}
	cases := []struct {
		raw         any
		single      string
		multi       []string
		description string
	}{
		{nil, "", []string{}, "nil"},
		{"", "", []string{}, "empty string"},
		{"a", "a", []string{"a"}, "string"},
		{[]string{"a", "b"}, "b", []string{"a", "b"}, "single keeps the last item"},
		{[]any{"a", "a", "", "c"}, "c", []string{"a", "c"}, "duplicates and empties dropped"},
		{`["b","a"]`, "a", []string{"b", "a"}, "JSON array text from the DB"},
		{types.JSONArray[string]{"c"}, "c", []string{"c"}, "JSONArray"},
	}
	for _, c := range cases {
		if got, _ := single.PrepareValue(nil, c.raw); got != c.single {
			t.Errorf("single %s: %#v, want %q", c.description, got, c.single)
		}
		if got, _ := multi.PrepareValue(nil, c.raw); !reflect.DeepEqual(got, c.multi) {
			t.Errorf("multi %s: %#v, want %#v", c.description, got, c.multi)
		}
	}
}

func TestSelectFieldValidateValue(t *testing.T) {
	values := []string{"a", "b", "c"}
	cases := []struct {
		name  string
		field *SelectField
		raw   any
		want  string
	}{
		{"empty", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values}, "", ""},
		{"required", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values, Required: true}, "", "validation_required"},
		{"required multi", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values, MaxSelect: 2, Required: true}, []string{}, "validation_required"},
		{"valid", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values}, "b", ""},
		{"unknown value", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values}, "zzz", "validation_invalid_value"},
		{"multi valid", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values, MaxSelect: 2}, []string{"a", "c"}, ""},
		{"multi unknown", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values, MaxSelect: 2}, []string{"a", "x"}, "validation_invalid_value"},
		{"too many", &SelectField{FieldBase: FieldBase{Name: "s"}, Values: values, MaxSelect: 2}, []string{"a", "b", "c"}, "validation_too_many_values"},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	// The API error carries the offending value (see error_validation.json).
	err := validateField(&SelectField{FieldBase: FieldBase{Name: "s"}, Values: values}, "zzz").(*validation.Error)
	if err.Message != "Invalid value zzz." || err.Params["value"] != "zzz" {
		t.Errorf("invalid value error: %#v", err)
	}
	err = validateField(&SelectField{FieldBase: FieldBase{Name: "s"}, Values: values, MaxSelect: 2}, []string{"a", "b", "c"}).(*validation.Error)
	if err.Params["maxSelect"] != 2 {
		t.Errorf("too many params: %#v", err.Params)
	}
}

func TestSelectFieldValidateSettings(t *testing.T) {
	cases := []struct {
		name  string
		field *SelectField
		want  string
	}{
		{"ok", &SelectField{FieldBase: FieldBase{Id: "s1", Name: "s"}, Values: []string{"a", "b"}, MaxSelect: 2}, ""},
		{"no values", &SelectField{FieldBase: FieldBase{Id: "s1", Name: "s"}}, "values=validation_required"},
		{"maxSelect over values", &SelectField{FieldBase: FieldBase{Id: "s1", Name: "s"}, Values: []string{"a", "b"}, MaxSelect: 3},
			"maxSelect=validation_max_less_equal_than_required"},
		{"negative maxSelect", &SelectField{FieldBase: FieldBase{Id: "s1", Name: "s"}, Values: []string{"a"}, MaxSelect: -1},
			"maxSelect=validation_min_greater_equal_than_required"},
	}
	for _, c := range cases {
		if got := errCodes(c.field.ValidateSettings(context.Background(), nil, nil)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// The multi-value modifiers behave the same for select, relation and file.
func TestMultiValueModifiers(t *testing.T) {
	fields := []Field{
		&SelectField{FieldBase: FieldBase{Name: "tags"}, Values: []string{"a", "b", "c", "d"}, MaxSelect: 10},
		&RelationField{FieldBase: FieldBase{Name: "tags"}, MaxSelect: 10},
		&FileField{FieldBase: FieldBase{Name: "tags"}, MaxSelect: 10},
	}
	for _, f := range fields {
		r := testRecord(f)
		r.Set("tags", []string{"a", "b"})
		r.Set("tags+", "b")             // duplicate skipped
		r.Set("tags+", []string{"c"})   // appended
		r.Set("+tags", []any{"d", "a"}) // prepended, "a" moves to the front
		if got := r.GetStringSlice("tags"); !reflect.DeepEqual(got, []string{"d", "a", "b", "c"}) {
			t.Errorf("%T after +: %v", f, got)
		}
		r.Set("tags-", []string{"a", "zzz"})
		if got := r.GetStringSlice("tags"); !reflect.DeepEqual(got, []string{"d", "b", "c"}) {
			t.Errorf("%T after -: %v", f, got)
		}
		if dv, err := f.(DriverValuer).DriverValue(r); err != nil || dv != `["d","b","c"]` {
			t.Errorf("%T driver value: %#v %v", f, dv, err)
		}
		r.Set("tags", nil)
		if got, ok := r.Get("tags").([]string); !ok || len(got) != 0 {
			t.Errorf("%T reset: %#v", f, r.Get("tags"))
		}
		if dv, _ := f.(DriverValuer).DriverValue(r); dv != "[]" {
			t.Errorf("%T empty driver value: %#v", f, dv)
		}
		if !f.(MultiValuer).IsMultiple() {
			t.Errorf("%T not multiple", f)
		}
	}
}

func TestSingleValueModifiers(t *testing.T) {
	f := &SelectField{FieldBase: FieldBase{Name: "status"}, Values: []string{"a", "b"}}
	r := testRecord(f)
	r.Set("status", "a")
	r.Set("status+", "b")
	if r.Get("status") != "b" {
		t.Fatalf("append on single: %#v", r.Get("status"))
	}
	r.Set("+status", "a")
	if r.Get("status") != "b" {
		t.Fatalf("prepend on single keeps the last: %#v", r.Get("status"))
	}
	r.Set("status-", "b")
	if r.Get("status") != "" {
		t.Fatalf("remove on single: %#v", r.Get("status"))
	}
	if dv, _ := f.DriverValue(r); dv != "" {
		t.Fatalf("driver value: %#v", dv)
	}
	r.SetRaw("status", []string{"a", "b"})
	if dv, _ := f.DriverValue(r); dv != "b" {
		t.Fatalf("driver value of a raw slice: %#v", dv)
	}
	if f.IsMultiple() {
		t.Fatal("single select is multiple")
	}
}
