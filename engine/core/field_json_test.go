package core

import (
	"context"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/types"
)

func TestJSONFieldPrepareValue(t *testing.T) {
	f := &JSONField{FieldBase: FieldBase{Name: "j"}}
	cases := []struct {
		raw  any
		want string
	}{
		{nil, ""}, // SQL NULL, rendered null
		{"", `""`},
		{"null", "null"},
		{"true", "true"},
		{"false", "false"},
		{"123", "123"},
		{"-1.5", "-1.5"},
		{`[1,2,3]`, `[1,2,3]`},
		{`{"a":1}`, `{"a":1}`},
		{`"quoted"`, `"quoted"`},
		{"hello", `"hello"`},
		{"{broken", `"{broken"`},
		{"12abc", `"12abc"`},
		{[]byte(`{"b":2}`), `{"b":2}`},
		{map[string]any{"x": []any{1, "y"}}, `{"x":[1,"y"]}`},
		{[]string{"a"}, `["a"]`},
		{42, "42"},
		{false, "false"},
		{types.JSONRaw(`[true]`), `[true]`},
	}
	for _, c := range cases {
		got, err := f.PrepareValue(nil, c.raw)
		raw, ok := got.(types.JSONRaw)
		if err != nil || !ok || string(raw) != c.want {
			t.Errorf("%#v: %#v (%v), want %s", c.raw, got, err, c.want)
		}
	}
}

func TestJSONFieldValidate(t *testing.T) {
	cases := []struct {
		name  string
		field *JSONField
		raw   any
		want  string
	}{
		{"null optional", &JSONField{FieldBase: FieldBase{Name: "j"}}, nil, ""},
		{"object", &JSONField{FieldBase: FieldBase{Name: "j"}}, map[string]any{"a": 1}, ""},
		{"required null", &JSONField{FieldBase: FieldBase{Name: "j"}, Required: true}, nil, "validation_required"},
		{"required null text", &JSONField{FieldBase: FieldBase{Name: "j"}, Required: true}, "null", "validation_required"},
		{"required empty string", &JSONField{FieldBase: FieldBase{Name: "j"}, Required: true}, "", "validation_required"},
		{"required empty array", &JSONField{FieldBase: FieldBase{Name: "j"}, Required: true}, []any{}, "validation_required"},
		{"required empty object", &JSONField{FieldBase: FieldBase{Name: "j"}, Required: true}, "{}", "validation_required"},
		{"required zero", &JSONField{FieldBase: FieldBase{Name: "j"}, Required: true}, 0, ""},
		{"too big", &JSONField{FieldBase: FieldBase{Name: "j"}, MaxSize: 5}, `[1,2,3]`, "validation_json_size_limit"},
		{"fits", &JSONField{FieldBase: FieldBase{Name: "j"}, MaxSize: 7}, `[1,2,3]`, ""},
		{"default limit", &JSONField{FieldBase: FieldBase{Name: "j"}}, `"` + strings.Repeat("a", int(DefaultJSONFieldMaxSize)) + `"`, "validation_json_size_limit"},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	f := &JSONField{FieldBase: FieldBase{Name: "j"}}
	r := testRecord(f)
	r.SetRaw("j", types.JSONRaw(`{"a":`))
	if got := errCode(f.ValidateValue(context.Background(), nil, r)); got != "validation_invalid_json" {
		t.Errorf("invalid raw json: %q", got)
	}
	if got := errCodes((&JSONField{FieldBase: FieldBase{Id: "j1", Name: "j"}, MaxSize: -2}).ValidateSettings(context.Background(), nil, nil)); got != "maxSize=validation_min_greater_equal_than_required" {
		t.Errorf("settings: %q", got)
	}
}

func TestGeoPointField(t *testing.T) {
	f := &GeoPointField{FieldBase: FieldBase{Name: "g"}}
	cases := []struct {
		raw     any
		want    types.GeoPoint
		wantErr bool
	}{
		{nil, types.GeoPoint{}, false},
		{"", types.GeoPoint{}, false},
		{types.GeoPoint{Lon: 1, Lat: 2}, types.GeoPoint{Lon: 1, Lat: 2}, false},
		{&types.GeoPoint{Lon: 3, Lat: 4}, types.GeoPoint{Lon: 3, Lat: 4}, false},
		{map[string]any{"lon": 12.34, "lat": 56.78}, types.GeoPoint{Lon: 12.34, Lat: 56.78}, false},
		{map[string]float64{"lon": 1.5}, types.GeoPoint{Lon: 1.5}, false},
		{`{"lon":-10,"lat":20}`, types.GeoPoint{Lon: -10, Lat: 20}, false},
		{[]byte(`{"lat":1}`), types.GeoPoint{Lat: 1}, false},
		{map[string]any{}, types.GeoPoint{}, false},
		{"not json", types.GeoPoint{}, true},
	}
	for _, c := range cases {
		got, err := f.PrepareValue(nil, c.raw)
		if got != c.want || (err != nil) != c.wantErr {
			t.Errorf("%#v: %#v, %v", c.raw, got, err)
		}
	}

	vcases := []struct {
		name  string
		field *GeoPointField
		raw   any
		want  string
	}{
		{"zero", &GeoPointField{FieldBase: FieldBase{Name: "g"}}, nil, ""},
		{"required zero", &GeoPointField{FieldBase: FieldBase{Name: "g"}, Required: true}, nil, "validation_required"},
		{"required set", &GeoPointField{FieldBase: FieldBase{Name: "g"}, Required: true}, types.GeoPoint{Lon: 1}, ""},
		{"edges", &GeoPointField{FieldBase: FieldBase{Name: "g"}}, types.GeoPoint{Lon: -180, Lat: 90}, ""},
		{"lat", &GeoPointField{FieldBase: FieldBase{Name: "g"}}, types.GeoPoint{Lon: 0, Lat: 90.1}, "validation_invalid_latitude"},
		{"lon", &GeoPointField{FieldBase: FieldBase{Name: "g"}}, types.GeoPoint{Lon: 180.5, Lat: 0}, "validation_invalid_longitude"},
	}
	for _, c := range vcases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	r := testRecord(f)
	r.Set("g", map[string]any{"lon": 1, "lat": 2})
	if dv, err := f.DriverValue(r); err != nil || dv != `{"lon":1,"lat":2}` {
		t.Errorf("driver value: %#v %v", dv, err)
	}
	if got := r.GetGeoPoint("g"); got != (types.GeoPoint{Lon: 1, Lat: 2}) {
		t.Errorf("GetGeoPoint: %#v", got)
	}
}
