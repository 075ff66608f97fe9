package core

import (
	"reflect"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/types"
)

// Every field type survives a save and a reload through SQLite unchanged
// (DriverValue on the way in, PrepareValue on the way out).
func TestFieldsStorageRoundTrip(t *testing.T) {
	app := newTestApp(t)
	users, err := app.FindCollectionByNameOrId(CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	user := NewRecord(users)
	user.Set("email", "ann@example.com")
	user.Set("password", "12345678")
	if err := app.Save(user); err != nil {
		t.Fatal(err)
	}

	col := NewBaseCollection("every")
	col.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "t"}},
		&NumberField{FieldBase: FieldBase{Name: "n"}},
		&BoolField{FieldBase: FieldBase{Name: "b"}},
		&EmailField{FieldBase: FieldBase{Name: "e"}},
		&URLField{FieldBase: FieldBase{Name: "u"}},
		&EditorField{FieldBase: FieldBase{Name: "ed"}},
		&DateField{FieldBase: FieldBase{Name: "d"}},
		&AutodateField{FieldBase: FieldBase{Name: "ad"}, OnCreate: true, OnUpdate: true},
		&SelectField{FieldBase: FieldBase{Name: "s"}, Values: []string{"a", "b"}, MaxSelect: 2},
		&SelectField{FieldBase: FieldBase{Name: "s1"}, Values: []string{"a", "b"}},
		&FileField{FieldBase: FieldBase{Name: "f"}, MaxSelect: 1},
		&RelationField{FieldBase: FieldBase{Name: "r"}, CollectionId: users.Id, MaxSelect: 1},
		&RelationField{FieldBase: FieldBase{Name: "rm"}, CollectionId: users.Id, MaxSelect: 5},
		&JSONField{FieldBase: FieldBase{Name: "j"}},
		&JSONField{FieldBase: FieldBase{Name: "jnull"}},
		&GeoPointField{FieldBase: FieldBase{Name: "g"}},
		&PasswordField{FieldBase: FieldBase{Name: "pw"}, Cost: 4},
	)
	if err := app.Save(col); err != nil {
		t.Fatal(err)
	}

	r := NewRecord(col)
	r.Load(map[string]any{
		"t": "hello", "n": "12.5", "b": "true", "e": "a@example.com", "u": "https://example.com",
		"ed": "<p>x</p>", "d": "2024-11-10 18:45:27.123Z", "s": []any{"b", "a", "b"}, "s1": []string{"a", "b"},
		"r": user.Id, "rm": []string{user.Id}, "j": map[string]any{"k": []any{1, true}},
		"g": map[string]any{"lon": 12.34, "lat": 56.78}, "pw": "topsecret",
	})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}

	stored, err := app.FindRecordById(col, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"t": "hello", "n": 12.5, "b": true, "e": "a@example.com", "u": "https://example.com",
		"ed": "<p>x</p>", "d": r.GetDateTime("d"), "ad": r.GetDateTime("ad"), "s": []string{"b", "a"}, "s1": "b",
		"f": "", "r": user.Id, "rm": []string{user.Id}, "j": types.JSONRaw(`{"k":[1,true]}`),
		"jnull": types.JSONRaw{}, "g": types.GeoPoint{Lon: 12.34, Lat: 56.78},
	}
	for name, w := range want {
		if got := stored.GetRaw(name); !reflect.DeepEqual(got, w) {
			t.Errorf("%s: stored %#v, want %#v", name, got, w)
		}
	}
	if r.GetDateTime("d").String() != "2024-11-10 18:45:27.123Z" {
		t.Errorf("date: %v", r.Get("d"))
	}
	pv, ok := stored.GetRaw("pw").(*PasswordFieldValue)
	if !ok || pv.Plain != "" || !pv.Validate("topsecret") {
		t.Errorf("password: %#v", stored.GetRaw("pw"))
	}

	// The JSON the API renders for the record.
	exported := stored.PublicExport()
	if exported["jnull"] == nil {
		t.Error("jnull missing from export")
	}
	if _, has := exported["pw"]; has {
		t.Error("password exported")
	}

	// Validation errors come back keyed by field name with PocketBase codes.
	bad := NewRecord(col)
	bad.Load(map[string]any{"e": "nope", "s": []string{"zzz"}, "r": "missing", "g": map[string]any{"lon": 0, "lat": 95}})
	err = app.Save(bad)
	if got := errCodes(err); got != "e=validation_is_email g=validation_invalid_latitude r=validation_missing_rel_records s=validation_invalid_value" {
		t.Errorf("save errors: %s (%v)", got, err)
	}
}
