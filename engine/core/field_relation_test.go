package core

import (
	"context"
	"testing"
)

func TestRelationFieldValidate(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()

	target := NewBaseCollection("targets")
	if err := app.Save(target); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for range 3 {
		r := NewRecord(target)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Id)
	}

	check := func(f *RelationField, raw any) string {
		r := testRecord(f)
		r.Set(f.Name, raw)
		return errCode(f.ValidateValue(ctx, app, r))
	}
	single := &RelationField{FieldBase: FieldBase{Name: "r"}, CollectionId: target.Id}
	multi := &RelationField{FieldBase: FieldBase{Name: "r"}, CollectionId: target.Id, MinSelect: 2, MaxSelect: 2}
	cases := []struct {
		name  string
		field *RelationField
		raw   any
		want  string
	}{
		{"empty", single, "", ""},
		{"required", &RelationField{FieldBase: FieldBase{Name: "r"}, CollectionId: target.Id, Required: true}, "", "validation_required"},
		{"existing", single, ids[0], ""},
		{"missing", single, "nope", "validation_missing_rel_records"},
		{"multi ok", multi, ids[:2], ""},
		{"multi one missing", multi, []string{ids[0], "nope"}, "validation_missing_rel_records"},
		{"not enough", multi, ids[:1], "validation_not_enough_values"},
		{"too many", multi, ids, "validation_too_many_values"},
		{"missing collection", &RelationField{FieldBase: FieldBase{Name: "r"}, CollectionId: "nope"}, "x", "validation_missing_rel_collection"},
	}
	for _, c := range cases {
		if got := check(c.field, c.raw); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestRelationFieldValidateSettings(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	users, err := app.FindCollectionByNameOrId(CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	view := NewViewCollection("users_view")
	view.ViewQuery = "SELECT id, email FROM users"
	if err := app.Save(view); err != nil {
		t.Fatal(err)
	}

	base := NewBaseCollection("posts")
	cases := []struct {
		name       string
		field      *RelationField
		collection *Collection
		want       string
	}{
		{"ok", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: users.Id}, base, ""},
		{"missing id", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}}, base, "collectionId=validation_required"},
		{"unknown", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: "nope"}, base,
			"collectionId=validation_field_relation_missing_collection"},
		{"name instead of id", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: "users"}, base,
			"collectionId=validation_field_relation_missing_collection"},
		{"base to view", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: view.Id}, base,
			"collectionId=validation_relation_field_non_view_base_collection"},
		{"view to view", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: view.Id}, NewViewCollection("v2"), ""},
		{"self relation of a new collection", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: base.Id}, base, ""},
		{"negative minSelect", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: users.Id, MinSelect: -1}, base,
			"minSelect=validation_min_greater_equal_than_required"},
		{"minSelect without maxSelect", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: users.Id, MinSelect: 2}, base,
			"maxSelect=validation_required"},
		{"maxSelect below minSelect", &RelationField{FieldBase: FieldBase{Id: "r1", Name: "r"}, CollectionId: users.Id, MinSelect: 3, MaxSelect: 2}, base,
			"maxSelect=validation_min_greater_equal_than_required"},
	}
	for _, c := range cases {
		if got := errCodes(c.field.ValidateSettings(ctx, app, c.collection)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	// The related collection of a stored field cannot change.
	posts := NewBaseCollection("posts")
	posts.Fields.Add(&RelationField{FieldBase: FieldBase{Name: "author"}, CollectionId: users.Id})
	if err := app.Save(posts); err != nil {
		t.Fatal(err)
	}
	other := NewBaseCollection("others")
	if err := app.Save(other); err != nil {
		t.Fatal(err)
	}
	stored, err := app.FindCollectionByNameOrId("posts")
	if err != nil {
		t.Fatal(err)
	}
	author := stored.Fields.GetByName("author").(*RelationField)
	author.CollectionId = other.Id
	if got := errCodes(author.ValidateSettings(ctx, app, stored)); got != "collectionId=validation_field_relation_change" {
		t.Errorf("collection change: %q", got)
	}
}
