package search

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	_ "modernc.org/sqlite"
)

// openTestDB creates a real SQLite file with an "items" table and a "tags"
// table whose rows belong to items (a one-to-many relation used to exercise
// multi-value paths).
func openTestDB(t testing.TB) *dbx.DB {
	t.Helper()
	db, err := dbx.Open("sqlite", filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	stmts := []string{
		`CREATE TABLE items (id TEXT PRIMARY KEY, title TEXT, num NUMERIC, flag BOOLEAN, data JSON, created TEXT, lon REAL, lat REAL, note TEXT)`,
		`CREATE TABLE tags (id TEXT PRIMARY KEY, item TEXT, name TEXT, score NUMERIC)`,
	}
	for _, s := range stmts {
		if _, err := db.NewQuery(s).Execute(); err != nil {
			t.Fatal(err)
		}
	}

	type item struct {
		id, data, created any
		title, num, flag  any
		lon, lat          any
		note              any
	}
	items := []item{
		{id: "a", title: "Hello World", num: 10, flag: true, data: `{"auth":"x","n":5,"arr":[1,2]}`, created: "2024-01-15 10:00:00.000Z", lon: 23.32, lat: 42.69, note: "world"},
		{id: "b", title: "hello_there", num: 5.5, flag: false, data: `{"auth":null}`, created: "2023-06-01 00:00:00.000Z", lon: 24.75, lat: 42.15, note: ""},
		{id: "c", title: "", num: 0, flag: false, data: nil, created: "", lon: 0, lat: 0, note: nil},
		{id: "d", title: nil, num: nil, flag: nil, data: `{}`, created: nil, lon: nil, lat: nil, note: "x"},
		{id: "e", title: "100% sure", num: -3, flag: true, data: `{"auth":"y"}`, created: "2025-12-31 23:59:59.999Z", lon: -0.13, lat: 51.5, note: "World"},
		{id: "f", title: `it's "quoted"`, num: 1.25, flag: true, data: `{"auth":"x"}`, created: "2024-02-29 12:00:00.000Z", lon: 2.35, lat: 48.86, note: "f"},
		{id: "g", title: `back\slash`, num: 7, flag: false, data: `[1,2,3]`, created: "2024-12-01 00:00:00.000Z", lon: 23.3, lat: 42.7, note: "g"},
	}
	for _, it := range items {
		_, err := db.Insert("items", dbx.Params{
			"id": it.id, "title": it.title, "num": it.num, "flag": it.flag, "data": it.data,
			"created": it.created, "lon": it.lon, "lat": it.lat, "note": it.note,
		}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}

	tags := []struct {
		id, item, name string
		score          any
	}{
		{"t1", "a", "red", 1}, {"t2", "a", "green", 2},
		{"t3", "b", "red", 3},
		{"t4", "d", "red", 5}, {"t5", "d", "red", 6},
		{"t6", "f", "blue", 0},
		// c, e and g have no tags
	}
	for _, tg := range tags {
		_, err := db.Insert("tags", dbx.Params{"id": tg.id, "item": tg.item, "name": tg.name, "score": tg.score}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
	return db
}

var itemColumns = []string{"id", "title", "num", "flag", "data", "created", "lon", "lat", "note"}

// relResolver resolves the items columns and the multi-valued paths
// "tags.name" / "tags.score" (with ":lower"), the way a record resolver
// handles a multi relation: a LEFT JOIN for the "any" match plus a
// correlated MultiMatchSubQuery for the "every item" guard.
type relResolver struct {
	simple   *SimpleFieldResolver
	joinTags bool
	joinEach bool
}

// itemsResolver is stateless, so one instance serves every relResolver.
var itemsResolver = NewSimpleFieldResolver(append(slices.Clone(itemColumns), `^data(\.\w+)+$`)...)

func newRelResolver() *relResolver {
	return &relResolver{simple: itemsResolver}
}

func (r *relResolver) Resolve(field string) (*ResolverResult, error) {
	path, modifier, _ := strings.Cut(field, ":")
	if path == "data" && modifier == "length" {
		return &ResolverResult{Identifier: SQLite.JSONArrayLength("[[items.data]]")}, nil
	}
	if path == "data" && modifier == "each" {
		// the items of the JSON value: joined for "any", sub-selected for "every"
		r.joinEach = true
		alias := NewAlias("__mt")
		return &ResolverResult{
			Identifier: SQLite.JSONEachValue("__je"),
			MultiMatchSubQuery: &MultiMatchSubquery{
				From:  SQLite.JSONEach("[[items.data]]") + " {{" + alias + "}}",
				Value: SQLite.JSONEachValue(alias),
			},
		}, nil
	}
	col, ok := strings.CutPrefix(path, "tags.")
	if !ok {
		res, err := r.simple.Resolve(field)
		if err != nil {
			return nil, err
		}
		if !strings.Contains(res.Identifier, "JSON_EXTRACT") {
			res.Identifier = strings.Replace(res.Identifier, "[[", "[[items.", 1)
		}
		return res, nil
	}
	if col != "name" && col != "score" {
		return nil, fmt.Errorf("unknown tags field %q", col)
	}
	r.joinTags = true
	alias := NewAlias("__mt")
	res := &ResolverResult{
		Identifier: "[[__tags." + col + "]]",
		MultiMatchSubQuery: &MultiMatchSubquery{
			From:  "{{tags}} {{" + alias + "}}",
			Value: "[[" + alias + "." + col + "]]",
			Where: dbx.NewExp("[[" + alias + ".item]] = [[items.id]]"),
		},
	}
	if modifier == "lower" {
		res.Identifier = SQLite.Lower(res.Identifier)
		res.MultiMatchSubQuery.Value = SQLite.Lower(res.MultiMatchSubQuery.Value)
	}
	return res, nil
}

func (r *relResolver) UpdateQuery(q *dbx.SelectQuery) error {
	if r.joinTags {
		q.LeftJoin("{{tags}} {{__tags}}", dbx.NewExp("[[__tags.item]] = [[items.id]]"))
		q.Distinct(true)
	}
	if r.joinEach {
		q.LeftJoin(SQLite.JSONEach("[[items.data]]")+" {{__je}}", nil)
		q.Distinct(true)
	}
	return nil
}

// matchIDs runs the filter against the items table and returns the matching
// ids in order.
func matchIDs(t testing.TB, db *dbx.DB, r FieldResolver, filter string, params ...dbx.Params) ([]string, error) {
	t.Helper()
	expr, err := FilterData(filter).BuildExpr(r, params...)
	if err != nil {
		return nil, err
	}
	q := db.Select("items.id").From("items").AndWhere(expr)
	if err := r.UpdateQuery(q); err != nil {
		return nil, err
	}
	var ids []string
	if err := q.OrderBy("items.id").Column(&ids); err != nil {
		return nil, fmt.Errorf("query failed: %w (sql: %s)", err, q.Build().SQL())
	}
	if ids == nil {
		ids = []string{}
	}
	return ids, nil
}
