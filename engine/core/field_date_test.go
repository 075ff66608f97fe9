package core

import (
	"context"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/tools/types"
)

func mustDate(t *testing.T, s string) types.DateTime {
	t.Helper()
	d, err := types.ParseDateTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDateFieldPrepareValue(t *testing.T) {
	f := &DateField{FieldBase: FieldBase{Name: "d"}}
	cases := []struct {
		raw  any
		want string
	}{
		{nil, ""},
		{"", ""},
		{"2024-11-10 18:45:27.123Z", "2024-11-10 18:45:27.123Z"},
		{"2024-11-10T18:45:27Z", "2024-11-10 18:45:27.000Z"},
		{"2024-11-10", "2024-11-10 00:00:00.000Z"},
		{"not a date", ""},
		{time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC), "2020-01-02 03:04:05.000Z"},
	}
	for _, c := range cases {
		got, err := f.PrepareValue(nil, c.raw)
		d, ok := got.(types.DateTime)
		if err != nil || !ok || d.String() != c.want {
			t.Errorf("%#v: %#v (%v), want %q", c.raw, got, err, c.want)
		}
	}
}

func TestDateFieldValidate(t *testing.T) {
	min, max := mustDate(t, "2024-01-01 00:00:00.000Z"), mustDate(t, "2024-12-31 00:00:00.000Z")
	cases := []struct {
		name  string
		field *DateField
		raw   any
		want  string
	}{
		{"empty", &DateField{FieldBase: FieldBase{Name: "d"}}, "", ""},
		{"required", &DateField{FieldBase: FieldBase{Name: "d"}, Required: true}, "", "validation_required"},
		{"in range", &DateField{FieldBase: FieldBase{Name: "d"}, Min: min, Max: max}, "2024-06-01", ""},
		{"before min", &DateField{FieldBase: FieldBase{Name: "d"}, Min: min}, "2023-12-31", "validation_min_greater_equal_than_required"},
		{"after max", &DateField{FieldBase: FieldBase{Name: "d"}, Max: max}, "2025-01-01", "validation_max_less_equal_than_required"},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	ctx := context.Background()
	if err := (&DateField{FieldBase: FieldBase{Id: "d1", Name: "d"}, Min: min, Max: max}).ValidateSettings(ctx, nil, nil); err != nil {
		t.Errorf("valid range: %v", err)
	}
	if got := errCodes((&DateField{FieldBase: FieldBase{Id: "d1", Name: "d"}, Min: max, Max: min}).ValidateSettings(ctx, nil, nil)); got != "max=validation_date_out_of_range" {
		t.Errorf("inverted range: %q", got)
	}
}

func TestAutodateFieldSettings(t *testing.T) {
	ctx := context.Background()
	if got := errCodes((&AutodateField{FieldBase: FieldBase{Id: "a1", Name: "ad"}}).ValidateSettings(ctx, nil, nil)); got != "onCreate=validation_required onUpdate=validation_required" {
		t.Errorf("no flags: %q", got)
	}
	if err := (&AutodateField{FieldBase: FieldBase{Id: "a1", Name: "ad"}, OnUpdate: true}).ValidateSettings(ctx, nil, nil); err != nil {
		t.Errorf("onUpdate only: %v", err)
	}

	// A system autodate keeps its stored flags.
	app := newTestApp(t)
	mfas, err := app.FindCollectionByNameOrId(CollectionNameMFAs)
	if err != nil {
		t.Fatal(err)
	}
	created, ok := mfas.Fields.GetByName("created").(*AutodateField)
	if !ok || !created.System {
		t.Fatal("the _mfas collection has no system created field")
	}
	created.OnUpdate = true
	if got := errCodes(created.ValidateSettings(ctx, app, mfas)); got != "onUpdate=validation_values_mismatch" {
		t.Errorf("system flag change: %q", got)
	}
}

func TestAutodateFieldOnSave(t *testing.T) {
	app := newTestApp(t)
	col := NewBaseCollection("stamps")
	col.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "title"}},
		&AutodateField{FieldBase: FieldBase{Name: "created"}, OnCreate: true},
		&AutodateField{FieldBase: FieldBase{Name: "updated"}, OnCreate: true, OnUpdate: true},
	)
	if err := app.Save(col); err != nil {
		t.Fatal(err)
	}

	r := NewRecord(col)
	r.Set("title", "a")
	r.Set("created", "2000-01-01 00:00:00.000Z") // ignored: clients cannot forge it
	if !r.GetDateTime("created").IsZero() {
		t.Fatalf("Set changed an autodate: %v", r.Get("created"))
	}
	before := types.NowDateTime().Add(-time.Second)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	created, updated := r.GetDateTime("created"), r.GetDateTime("updated")
	if created.Before(before) || updated.Before(before) {
		t.Fatalf("not stamped on create: %v %v", created, updated)
	}

	time.Sleep(5 * time.Millisecond)
	r.Set("title", "b")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if !r.GetDateTime("created").Equal(created) {
		t.Errorf("created changed on update: %v → %v", created, r.GetDateTime("created"))
	}
	if !r.GetDateTime("updated").After(updated) {
		t.Errorf("updated not renewed: %v → %v", updated, r.GetDateTime("updated"))
	}

	stored, err := app.FindRecordById(col, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	if !stored.GetDateTime("updated").Equal(r.GetDateTime("updated")) || !stored.GetDateTime("created").Equal(created) {
		t.Errorf("stored dates differ: %v %v vs %v %v", stored.Get("created"), stored.Get("updated"), created, r.Get("updated"))
	}

	// SetRaw is the explicit way to set an autodate; it is kept.
	explicit := mustDate(t, "2001-02-03 04:05:06.000Z")
	stored.SetRaw("updated", explicit)
	if err := app.Save(stored); err != nil {
		t.Fatal(err)
	}
	if !stored.GetDateTime("updated").Equal(explicit) {
		t.Errorf("SetRaw value replaced: %v", stored.Get("updated"))
	}
}
