package core

import (
	"strings"
	"testing"
)

func TestImportCollections(t *testing.T) {
	app := newTestApp(t)
	keep := NewBaseCollection("keep")
	keep.Fields.Add(&TextField{FieldBase: FieldBase{Name: "a"}}, &TextField{FieldBase: FieldBase{Name: "b"}})
	gone := NewBaseCollection("gone")
	for _, c := range []*Collection{keep, gone} {
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}

	// without deleteMissing: fields and collections not named stay
	err := app.ImportCollections([]map[string]any{
		{"name": "keep", "listRule": "", "fields": []any{map[string]any{"type": "number", "name": "n"}}},
		{"name": "fresh", "type": "base", "fields": []any{map[string]any{"type": "bool", "name": "ok"}}},
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := app.FindCollectionByNameOrId("keep")
	if names := strings.Join(got.Fields.FieldNames(), ","); !strings.Contains(names, "a") || !strings.Contains(names, "n") {
		t.Fatalf("fields after merge import: %s", names)
	}
	if got.ListRule == nil || *got.ListRule != "" {
		t.Fatalf("rule not imported: %v", got.ListRule)
	}
	for _, name := range []string{"gone", "fresh"} {
		if _, err := app.FindCollectionByNameOrId(name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	// with deleteMissing: only what is imported (and system collections) remain
	err = app.ImportCollectionsByMarshaledJSON([]byte(`[{"name":"keep","fields":[{"type":"text","name":"a"}]}]`), true)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = app.FindCollectionByNameOrId("keep")
	if names := strings.Join(got.Fields.FieldNames(), ","); names != "id,a" {
		t.Fatalf("fields after replace import: %s", names)
	}
	for _, name := range []string{"gone", "fresh"} {
		if _, err := app.FindCollectionByNameOrId(name); err == nil {
			t.Fatalf("%s survived deleteMissing", name)
		}
	}
	if _, err := app.FindCollectionByNameOrId(CollectionNameSuperusers); err != nil {
		t.Fatal("deleteMissing removed a system collection")
	}

	// a failing item rolls the whole import back
	err = app.ImportCollections([]map[string]any{
		{"name": "another", "type": "base"},
		{"name": "keep", "type": "auth"},
	}, false)
	if err == nil {
		t.Fatal("changing a type was accepted")
	}
	if _, err := app.FindCollectionByNameOrId("another"); err == nil {
		t.Fatal("a failed import was partly applied")
	}
}
