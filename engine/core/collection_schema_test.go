package core

import (
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

func columnsOf(t *testing.T, app *App, table string) []string {
	t.Helper()
	cols, err := app.TableColumns(table)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(cols)
	return cols
}

func indexNamesOf(t *testing.T, app *App, table string) []string {
	t.Helper()
	idx, err := app.TableIndexes(table)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(idx))
	for n := range idx {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func mustSave(t *testing.T, app *App, m Model) {
	t.Helper()
	if err := app.Save(m); err != nil {
		t.Fatalf("save %T: %v", m, err)
	}
}

func TestCollectionCreateMakesTableWithColumnTypes(t *testing.T) {
	app := newTestApp(t)
	c := NewBaseCollection("posts")
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "title"}},
		&NumberField{FieldBase: FieldBase{Name: "views"}},
		&BoolField{FieldBase: FieldBase{Name: "public"}},
		&SelectField{FieldBase: FieldBase{Name: "tags"}, Values: []string{"a", "b", "c"}, MaxSelect: 3},
		&JSONField{FieldBase: FieldBase{Name: "data"}},
	)
	c.Indexes = append(c.Indexes, "CREATE INDEX idx_posts_views ON posts (views)")
	mustSave(t, app, c)

	var rows []struct {
		Name    string  `db:"name"`
		Type    string  `db:"type"`
		NotNull int     `db:"notnull"`
		Default *string `db:"dflt_value"`
	}
	if err := app.DB().NewQuery("SELECT name, type, [[notnull]], dflt_value FROM pragma_table_info('posts')").All(&rows); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		def := "NULL"
		if r.Default != nil {
			def = *r.Default
		}
		got[r.Name] = r.Type + "|" + def + "|" + map[int]string{0: "null", 1: "notnull"}[r.NotNull]
	}
	want := map[string]string{
		"title":  "TEXT|''|notnull",
		"views":  "NUMERIC|0|notnull",
		"public": "BOOLEAN|FALSE|notnull",
		"tags":   "JSON|'[]'|notnull",
		"data":   "JSON|NULL|null",
	}
	for col, w := range want {
		if got[col] != w {
			t.Errorf("column %s: got %q want %q", col, got[col], w)
		}
	}
	if !strings.HasPrefix(got["id"], "TEXT|") {
		t.Errorf("id column: %q", got["id"])
	}
	if names := indexNamesOf(t, app, "posts"); !reflect.DeepEqual(names, []string{"idx_posts_views"}) {
		t.Errorf("indexes %v", names)
	}
	if len(c.Id) == 0 || !strings.HasPrefix(c.Id, "pbc_") {
		t.Errorf("collection id %q", c.Id)
	}
}

func TestCollectionFieldAddRenameRemoveKeepsData(t *testing.T) {
	app := newTestApp(t)
	c := NewBaseCollection("notes")
	c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}}, &TextField{FieldBase: FieldBase{Name: "body"}}, &TextField{FieldBase: FieldBase{Name: "obsolete"}})
	mustSave(t, app, c)

	r := NewRecord(c)
	r.Set("title", "hello")
	r.Set("body", "world")
	mustSave(t, app, r)

	// Rename title → heading (same field id), remove obsolete, add count.
	c, _ = app.FindCollectionByNameOrId("notes")
	c.Fields.GetByName("title").SetName("heading")
	c.Fields.RemoveByName("obsolete")
	c.Fields.Add(&NumberField{FieldBase: FieldBase{Name: "count"}})
	mustSave(t, app, c)

	if got, want := columnsOf(t, app, "notes"), []string{"body", "count", "heading", "id"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("columns %v want %v", got, want)
	}
	stored, err := app.FindRecordById("notes", r.Id)
	if err != nil {
		t.Fatal(err)
	}
	if stored.GetString("heading") != "hello" || stored.GetString("body") != "world" || stored.GetFloat("count") != 0 {
		t.Fatalf("data after schema change: %v", stored.PublicExport())
	}

	// Swapping two names goes through temporary columns.
	c, _ = app.FindCollectionByNameOrId("notes")
	c.Fields.GetByName("heading").SetName("tmpname")
	c.Fields.GetByName("body").SetName("heading")
	c.Fields.GetByName("tmpname").SetName("body")
	mustSave(t, app, c)
	stored, _ = app.FindRecordById("notes", r.Id)
	if stored.GetString("heading") != "world" || stored.GetString("body") != "hello" {
		t.Fatalf("swap: %v", stored.PublicExport())
	}
}

func TestCollectionRenameAndIndexChanges(t *testing.T) {
	app := newTestApp(t)
	c := NewBaseCollection("items")
	c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "sku"}}, &TextField{FieldBase: FieldBase{Name: "name"}})
	c.Indexes = append(c.Indexes, "CREATE UNIQUE INDEX idx_items_sku ON items (sku)")
	mustSave(t, app, c)

	c.Name = "products"
	c.Indexes = []string{"CREATE INDEX idx_products_name ON items (name)"}
	mustSave(t, app, c)

	if app.HasTable("items") || !app.HasTable("products") {
		t.Fatal("table was not renamed")
	}
	if names := indexNamesOf(t, app, "products"); !reflect.DeepEqual(names, []string{"idx_products_name"}) {
		t.Fatalf("indexes %v", names)
	}
	// The index is stored against the new table name.
	if !strings.Contains(c.Indexes[0], "`products`") {
		t.Fatalf("index not rewritten: %s", c.Indexes[0])
	}
}

func TestSelectSingleToMultiConvertsStoredValues(t *testing.T) {
	app := newTestApp(t)
	c := NewBaseCollection("tagged")
	c.Fields.Add(&SelectField{FieldBase: FieldBase{Name: "tag"}, Values: []string{"a", "b"}, MaxSelect: 1})
	mustSave(t, app, c)
	r := NewRecord(c)
	r.Set("tag", "b")
	mustSave(t, app, r)
	empty := NewRecord(c)
	mustSave(t, app, empty)

	c.Fields.GetByName("tag").(*SelectField).MaxSelect = 2
	mustSave(t, app, c)
	got, _ := app.FindRecordById("tagged", r.Id)
	if v := got.GetStringSlice("tag"); !reflect.DeepEqual(v, []string{"b"}) {
		t.Fatalf("multi value %v", v)
	}
	gotEmpty, _ := app.FindRecordById("tagged", empty.Id)
	if v := gotEmpty.GetStringSlice("tag"); len(v) != 0 {
		t.Fatalf("empty multi value %v", v)
	}

	c.Fields.GetByName("tag").(*SelectField).MaxSelect = 1
	mustSave(t, app, c)
	got, _ = app.FindRecordById("tagged", r.Id)
	if got.GetString("tag") != "b" {
		t.Fatalf("back to single: %q", got.GetString("tag"))
	}
}

func TestInvalidCollectionsChangeNothing(t *testing.T) {
	app := newTestApp(t)
	existing := NewBaseCollection("taken")
	mustSave(t, app, existing)
	before, _ := app.FindAllCollections()

	cases := map[string]struct {
		build func() *Collection
		key   string
	}{
		"invalid name":                      {func() *Collection { return NewBaseCollection("bad name!") }, "name"},
		"duplicate name (case-insensitive)": {func() *Collection { return NewBaseCollection("TAKEN") }, "name"},
		"reserved name":                     {func() *Collection { return NewBaseCollection("_params") }, "name"},
		"duplicate field": {func() *Collection {
			c := NewBaseCollection("dupfields")
			c.Fields = append(c.Fields, &TextField{FieldBase: FieldBase{Id: "t1", Name: "a"}}, &TextField{FieldBase: FieldBase{Id: "t2", Name: "A"}})
			return c
		}, "fields"},
		"reserved field name": {func() *Collection {
			c := NewBaseCollection("reserved")
			c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "expand"}})
			return c
		}, "fields"},
		"bad index": {func() *Collection {
			c := NewBaseCollection("badidx")
			c.Indexes = append(c.Indexes, "CREATE INDEX nope")
			return c
		}, "indexes"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := tc.build()
			err := app.Save(c)
			var verrs validation.Errors
			if !errors.As(err, &verrs) {
				t.Fatalf("want validation errors, got %v", err)
			}
			if _, ok := verrs[tc.key]; !ok {
				t.Fatalf("want an error on %q, got %v", tc.key, verrs)
			}
		})
	}
	after, _ := app.FindAllCollections()
	if len(after) != len(before) {
		t.Fatalf("collections changed: %d → %d", len(before), len(after))
	}
	for _, name := range []string{"dupfields", "reserved", "badidx"} {
		if app.HasTable(name) {
			t.Errorf("table %s was created", name)
		}
	}
}

func TestDuplicateFieldErrorIsKeyedByIndex(t *testing.T) {
	app := newTestApp(t)
	c := NewBaseCollection("keyed")
	c.Fields = append(c.Fields, &TextField{FieldBase: FieldBase{Id: "t1", Name: "a"}}, &TextField{FieldBase: FieldBase{Id: "t2", Name: "a"}})
	err := app.Save(c)
	raw, _ := json.Marshal(err)
	if !strings.Contains(string(raw), `"fields":{"2":{"name":{"code":"validation_duplicated_field_name"`) {
		t.Fatalf("error JSON %s", raw)
	}
}

func TestUnknownFieldTypeFailsToDecode(t *testing.T) {
	c := &Collection{}
	err := json.Unmarshal([]byte(`{"name":"x","type":"base","fields":[{"type":"nope","name":"a"}]}`), c)
	var unknown *ErrUnknownFieldType
	if !errors.As(err, &unknown) || unknown.Type != "nope" {
		t.Fatalf("got %v", err)
	}
}

func TestAuthCollectionHasSystemFieldsAndIndexes(t *testing.T) {
	app := newTestApp(t)
	c := NewAuthCollection("members")
	mustSave(t, app, c)
	want := []string{"email", "emailVisibility", "id", "password", "tokenKey", "verified"}
	if got := columnsOf(t, app, "members"); !reflect.DeepEqual(got, want) {
		t.Fatalf("columns %v", got)
	}
	names := indexNamesOf(t, app, "members")
	if !reflect.DeepEqual(names, []string{"idx_email_" + c.Id, "idx_tokenKey_" + c.Id}) {
		t.Fatalf("indexes %v", names)
	}
}

func TestViewCollectionInfersFields(t *testing.T) {
	app := newTestApp(t)
	posts := NewBaseCollection("vposts")
	posts.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}}, &NumberField{FieldBase: FieldBase{Name: "views"}}, &BoolField{FieldBase: FieldBase{Name: "public"}})
	mustSave(t, app, posts)
	r := NewRecord(posts)
	r.Set("title", "t1")
	r.Set("views", 7)
	mustSave(t, app, r)

	v := NewViewCollection("popular")
	v.ViewQuery = "SELECT id, title, views, public, views * 2 AS doubled FROM vposts"
	mustSave(t, app, v)
	types := map[string]string{}
	for _, f := range v.Fields {
		types[f.GetName()] = f.Type()
	}
	want := map[string]string{"id": "text", "title": "text", "views": "number", "public": "bool", "doubled": "json"}
	if !reflect.DeepEqual(types, want) {
		t.Fatalf("view fields %v", types)
	}
	list, err := app.FindAllRecords("popular")
	if err != nil || len(list) != 1 || list[0].GetString("title") != "t1" || list[0].GetFloat("views") != 7 {
		t.Fatalf("view records %v %v", list, err)
	}

	bad := NewViewCollection("badview")
	bad.ViewQuery = "DELETE FROM vposts"
	if err := app.Save(bad); err == nil {
		t.Fatal("a non-SELECT view query was accepted")
	}
}

func TestDeleteCollectionDropsTableUnlessReferenced(t *testing.T) {
	app := newTestApp(t)
	authors := NewBaseCollection("authors")
	mustSave(t, app, authors)
	books := NewBaseCollection("books")
	books.Fields.Add(&RelationField{FieldBase: FieldBase{Name: "author"}, CollectionId: authors.Id, MaxSelect: 1})
	mustSave(t, app, books)

	if err := app.Delete(authors); err == nil {
		t.Fatal("deleting a referenced collection succeeded")
	}
	if err := app.Delete(books); err != nil {
		t.Fatal(err)
	}
	if app.HasTable("books") {
		t.Fatal("books table still exists")
	}
	if err := app.Delete(authors); err != nil {
		t.Fatal(err)
	}
	superusers, _ := app.FindCollectionByNameOrId(CollectionNameSuperusers)
	if err := app.Delete(superusers); err == nil {
		t.Fatal("a system collection was deleted")
	}
}

func TestCollectionSavesFireModelHooks(t *testing.T) {
	app := newTestApp(t)
	var trail []string
	app.OnModelCreate().BindFunc(func(e *ModelEvent) error {
		if c, ok := e.Model.(*Collection); ok {
			trail = append(trail, "create:"+c.Name)
		}
		return e.Next()
	})
	app.OnModelAfterDeleteSuccess("hooked").BindFunc(func(e *ModelEvent) error {
		trail = append(trail, "deleted:"+e.Model.(*Collection).Name)
		return e.Next()
	})
	c := NewBaseCollection("hooked")
	mustSave(t, app, c)
	if err := app.Delete(c); err != nil {
		t.Fatal(err)
	}
	if want := []string{"create:hooked", "deleted:hooked"}; !reflect.DeepEqual(trail, want) {
		t.Fatalf("trail %v", trail)
	}
}
