package core

import (
	"context"
	"encoding/json"
	"math"
	"testing"
)

func fptr(v float64) *float64 { return &v }

func TestNumberFieldPrepareValue(t *testing.T) {
	f := &NumberField{FieldBase: FieldBase{Name: "n"}}
	cases := []struct {
		raw  any
		want float64
	}{
		{nil, 0},
		{"", 0},
		{" 12.5 ", 12.5},
		{"-3", -3},
		{"1e3", 1000},
		{"abc", 0},
		{[]byte("7"), 7},
		{5, 5},
		{int64(6), 6},
		{float32(1.5), 1.5},
		{json.Number("2.25"), 2.25},
		{true, 1},
		{false, 0},
	}
	for _, c := range cases {
		got, _ := f.PrepareValue(nil, c.raw)
		if got != c.want {
			t.Errorf("%#v: %#v, want %v", c.raw, got, c.want)
		}
	}
}

func TestNumberFieldValidateValue(t *testing.T) {
	cases := []struct {
		name  string
		field *NumberField
		raw   any
		want  string
	}{
		{"zero optional", &NumberField{FieldBase: FieldBase{Name: "n"}}, 0, ""},
		{"zero required", &NumberField{FieldBase: FieldBase{Name: "n"}, Required: true}, 0, "validation_required"},
		{"nonzero required", &NumberField{FieldBase: FieldBase{Name: "n"}, Required: true}, -1, ""},
		{"only int", &NumberField{FieldBase: FieldBase{Name: "n"}, OnlyInt: true}, 1.5, "validation_only_int_constraint"},
		{"only int ok", &NumberField{FieldBase: FieldBase{Name: "n"}, OnlyInt: true}, 2, ""},
		{"below min", &NumberField{FieldBase: FieldBase{Name: "n"}, Min: fptr(5)}, 4, "validation_min_number_constraint"},
		{"at min", &NumberField{FieldBase: FieldBase{Name: "n"}, Min: fptr(5)}, 5, ""},
		{"above max", &NumberField{FieldBase: FieldBase{Name: "n"}, Max: fptr(5)}, 5.5, "validation_max_number_constraint"},
		{"zero skips bounds", &NumberField{FieldBase: FieldBase{Name: "n"}, Min: fptr(5)}, 0, ""},
		{"NaN", &NumberField{FieldBase: FieldBase{Name: "n"}}, math.NaN(), "validation_not_a_number"},
		{"Inf", &NumberField{FieldBase: FieldBase{Name: "n"}}, math.Inf(1), "validation_not_a_number"},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestNumberFieldValidateSettings(t *testing.T) {
	cases := []struct {
		name  string
		field *NumberField
		want  string
	}{
		{"plain", &NumberField{FieldBase: FieldBase{Id: "n1", Name: "n"}}, ""},
		{"bounds", &NumberField{FieldBase: FieldBase{Id: "n1", Name: "n"}, Min: fptr(-1), Max: fptr(10)}, ""},
		{"max below min", &NumberField{FieldBase: FieldBase{Id: "n1", Name: "n"}, Min: fptr(5), Max: fptr(1)}, "max=validation_min_greater_equal_than_required"},
		{"decimal bounds with onlyInt", &NumberField{FieldBase: FieldBase{Id: "n1", Name: "n"}, OnlyInt: true, Min: fptr(0.5), Max: fptr(1.5)},
			"max=validation_only_int_constraint min=validation_only_int_constraint"},
		{"bad name", &NumberField{FieldBase: FieldBase{Id: "n1", Name: "a b"}}, "name=validation_match_invalid"},
	}
	for _, c := range cases {
		if got := errCodes(c.field.ValidateSettings(context.Background(), nil, NewBaseCollection("demo"))); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestNumberFieldModifiers(t *testing.T) {
	f := &NumberField{FieldBase: FieldBase{Name: "total"}}
	r := testRecord(f)
	r.Set("total", "10")
	r.Set("total+", 5)
	r.Set("total-", "2.5")
	if got := r.GetFloat("total"); got != 12.5 {
		t.Fatalf("total = %v", got)
	}
	r.Set("total", nil)
	if got := r.Get("total"); got != float64(0) {
		t.Fatalf("reset = %#v", got)
	}
}

func TestBoolFieldPrepareAndValidate(t *testing.T) {
	f := &BoolField{FieldBase: FieldBase{Name: "b"}}
	cases := []struct {
		raw  any
		want bool
	}{
		{nil, false}, {"", false}, {"true", true}, {"TRUE", true}, {"1", true}, {"on", true}, {"yes", true},
		{"false", false}, {"0", false}, {"off", false}, {"nonsense", false}, {true, true}, {1, true}, {0, false},
		{1.0, true}, {[]byte("1"), true},
	}
	for _, c := range cases {
		if got, _ := f.PrepareValue(nil, c.raw); got != c.want {
			t.Errorf("%#v: %v, want %v", c.raw, got, c.want)
		}
	}

	req := &BoolField{FieldBase: FieldBase{Name: "b"}, Required: true}
	if got := errCode(validateField(req, false)); got != "validation_required" {
		t.Errorf("required false: %q", got)
	}
	if got := errCode(validateField(req, "on")); got != "" {
		t.Errorf("required true: %q", got)
	}
	if got := errCodes((&BoolField{FieldBase: FieldBase{Id: "b1", Name: "expand"}}).ValidateSettings(context.Background(), nil, nil)); got != "name=validation_not_in_invalid" {
		t.Errorf("settings: %q", got)
	}
}
