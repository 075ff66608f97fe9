package core

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

// errCode is the code of a single validation error ("" for nil).
func errCode(err error) string {
	if err == nil {
		return ""
	}
	var ve *validation.Error
	if errors.As(err, &ve) {
		return ve.Code
	}
	return "not a validation.Error: " + err.Error()
}

// errCodes flattens validation.Errors into "key.sub=code" items, sorted.
func errCodes(err error) string {
	if err == nil {
		return ""
	}
	var out []string
	var walk func(prefix string, err error)
	walk = func(prefix string, err error) {
		var errs validation.Errors
		if errors.As(err, &errs) {
			for k, v := range errs {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, v)
			}
			return
		}
		out = append(out, prefix+"="+errCode(err))
	}
	walk("", err)
	sort.Strings(out)
	return strings.Join(out, " ")
}

// testRecord returns a new record of a base collection holding fields.
func testRecord(fields ...Field) *Record {
	c := NewBaseCollection("demo")
	for _, f := range fields {
		c.Fields.Add(f)
	}
	return NewRecord(c)
}

// validateField sets raw on a fresh record (through Record.Set) and
// validates the field without an app.
func validateField(f Field, raw any) error {
	r := testRecord(f)
	if raw != nil {
		r.Set(f.GetName(), raw)
	}
	return f.ValidateValue(context.Background(), nil, r)
}

func TestFieldNameRule(t *testing.T) {
	long := strings.Repeat("a", 101)
	cases := map[string]string{
		"title":        "",
		"_a1":          "",
		"":             "validation_required",
		long:           "validation_length_out_of_range",
		"a-b":          "validation_match_invalid",
		"a b":          "validation_match_invalid",
		"expand":       "validation_not_in_invalid",
		"collectionId": "validation_not_in_invalid",
		"null":         "validation_not_in_invalid",
		"a_via_b":      "validation_found_via",
	}
	for name, want := range cases {
		if got := errCode(fieldNameRule(name)); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
	if got := errCodes(fieldBaseErrors("", "ok").Filter()); got != "id=validation_required" {
		t.Errorf("empty id: %s", got)
	}
}

func TestFieldThresholdRules(t *testing.T) {
	err := fieldMinRule(-5, 0)
	var ve *validation.Error
	if !errors.As(err, &ve) || ve.Code != "validation_min_greater_equal_than_required" ||
		ve.Message != "Must be no less than 0." || ve.Params["threshold"] != 0 {
		t.Fatalf("min rule: %#v", err)
	}
	if fieldMinRule(0, 5) != nil || fieldMaxRule(0, -1) != nil {
		t.Fatal("zero values must not be range-checked")
	}
	if errCode(fieldMaxRule(10.5, 10)) != "validation_max_less_equal_than_required" {
		t.Fatal("max rule")
	}
	if errCode(fieldRegexRule("(")) != "validation_invalid_regex" || fieldRegexRule("^a+$") != nil {
		t.Fatal("regex rule")
	}
}

func TestFieldDomainsRule(t *testing.T) {
	cases := []struct {
		list, other []string
		want        string
	}{
		{nil, nil, ""},
		{[]string{"example.com", "sub.example.co.uk", "xn--80ak6aa92e.com"}, nil, ""},
		{[]string{"example.com", "not a domain", "localhost"}, nil, "1=validation_is_domain 2=validation_is_domain"},
		{[]string{"example.com"}, []string{"other.com"}, "=validation_empty"},
		{nil, []string{"other.com"}, ""},
	}
	for i, c := range cases {
		if got := errCodes(fieldDomainsRule(c.list, c.other)); got != c.want {
			t.Errorf("%d: %q, want %q", i, got, c.want)
		}
	}
}

// Every field type rejects a value of the wrong Go type set with SetRaw
// instead of panicking.
func TestFieldsUnsupportedRawValue(t *testing.T) {
	fields := []Field{
		&TextField{FieldBase: FieldBase{Name: "f"}}, &NumberField{FieldBase: FieldBase{Name: "f"}}, &BoolField{FieldBase: FieldBase{Name: "f"}}, &EmailField{FieldBase: FieldBase{Name: "f"}},
		&URLField{FieldBase: FieldBase{Name: "f"}}, &EditorField{FieldBase: FieldBase{Name: "f"}}, &DateField{FieldBase: FieldBase{Name: "f"}}, &JSONField{FieldBase: FieldBase{Name: "f"}},
		&GeoPointField{FieldBase: FieldBase{Name: "f"}}, &PasswordField{FieldBase: FieldBase{Name: "f"}},
	}
	for _, f := range fields {
		r := testRecord(f)
		r.SetRaw("f", struct{}{})
		if got := errCode(f.ValidateValue(context.Background(), nil, r)); got != "validation_unsupported_value_type" {
			t.Errorf("%T: %q", f, got)
		}
	}
}

// Every field type accepts its own zero value when not required, and
// ValidateSettings passes for a plain field with a valid name.
func TestFieldsZeroValueIsValid(t *testing.T) {
	app := newTestApp(t)
	users, err := app.FindCollectionByNameOrId(CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	fields := []Field{
		&TextField{FieldBase: FieldBase{Name: "f"}}, &NumberField{FieldBase: FieldBase{Name: "f"}}, &BoolField{FieldBase: FieldBase{Name: "f"}}, &EmailField{FieldBase: FieldBase{Name: "f"}},
		&URLField{FieldBase: FieldBase{Name: "f"}}, &EditorField{FieldBase: FieldBase{Name: "f"}}, &DateField{FieldBase: FieldBase{Name: "f"}}, &JSONField{FieldBase: FieldBase{Name: "f"}},
		&GeoPointField{FieldBase: FieldBase{Name: "f"}}, &PasswordField{FieldBase: FieldBase{Name: "f"}}, &SelectField{FieldBase: FieldBase{Name: "f"}, Values: []string{"a"}},
		&FileField{FieldBase: FieldBase{Name: "f"}}, &RelationField{FieldBase: FieldBase{Name: "f"}, CollectionId: users.Id},
		&AutodateField{FieldBase: FieldBase{Name: "f"}, OnCreate: true},
	}
	for _, f := range fields {
		r := testRecord(f)
		if err := f.ValidateValue(context.Background(), app, r); err != nil {
			t.Errorf("%T value: %v", f, err)
		}
		if err := f.ValidateSettings(context.Background(), app, r.Collection()); err != nil {
			t.Errorf("%T settings: %v", f, fmt.Sprint(errCodes(err)))
		}
	}
}
