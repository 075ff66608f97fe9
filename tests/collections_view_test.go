package tests

import (
	"encoding/json"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// A view collection's fields are typed from its SELECT as on PocketBase:
// aliases and table aliases resolve to the source collection's fields,
// joins too, a collection's id is a relation to it, COUNT() an integer,
// TOTAL() a number, CAST follows its type, and other expressions (SUM(),
// arithmetic, literals) are JSON — whatever the column is called.
func TestViewFieldsInferredFromSelect(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	su := s.SuperuserToken(t)
	create := func(body map[string]any) map[string]any {
		t.Helper()
		resp, raw := s.Do("POST", "/api/collections", body, su)
		if resp.StatusCode != 200 {
			t.Fatalf("create %v: %d %s", body["name"], resp.StatusCode, raw)
		}
		out := map[string]any{}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	authors := create(map[string]any{"name": "authors", "type": "base", "fields": []map[string]any{
		{"name": "name", "type": "text", "max": 80},
		{"name": "active", "type": "bool"},
	}})
	posts := create(map[string]any{"name": "posts", "type": "base", "fields": []map[string]any{
		{"name": "title", "type": "text", "required": true},
		{"name": "views", "type": "number", "onlyInt": true},
		{"name": "author", "type": "relation", "collectionId": authors["id"], "maxSelect": 1},
		{"name": "published", "type": "date"},
	}})

	view := create(map[string]any{"name": "post_report", "type": "view", "viewQuery": `
		SELECT
			p.id,
			p.title AS headline,   -- an alias of a text field
			[p].[views] AS "hits",
			p.author,
			a.name AS author_name, /* a joined collection */
			a.id AS writer,
			published,
			COUNT(p.id) AS total,
			TOTAL(p.views) AS sum_total,
			CAST(p.views AS REAL) AS ratio,
			CAST(p.views AS INTEGER) AS whole,
			CAST(p.title AS TEXT) AS title_text,
			cast(a.active as boolean) AS is_active,
			SUM(p.views) AS views,
			(p.views * 2) AS doubled,
			'x' AS title
		FROM posts p
		LEFT JOIN authors AS a ON a.id = p.author
		WHERE p.views >= 0
		GROUP BY p.id
		ORDER BY p.title`})

	fields := map[string]map[string]any{}
	var order []string
	for _, f := range view["fields"].([]any) {
		m := f.(map[string]any)
		fields[m["name"].(string)] = m
		order = append(order, m["name"].(string))
	}
	want := []struct{ name, typ string }{
		{"id", "text"}, {"headline", "text"}, {"hits", "number"}, {"author", "relation"},
		{"author_name", "text"}, {"writer", "relation"}, {"published", "date"},
		{"total", "number"}, {"sum_total", "number"}, {"ratio", "number"}, {"whole", "number"},
		{"title_text", "text"}, {"is_active", "bool"}, {"views", "json"}, {"doubled", "json"}, {"title", "json"},
	}
	if len(order) != len(want) {
		t.Fatalf("fields %v", order)
	}
	for i, w := range want {
		f := fields[w.name]
		if order[i] != w.name || f["type"] != w.typ {
			t.Errorf("field %d: %s %v, want %s %s", i, order[i], f["type"], w.name, w.typ)
		}
	}
	// copied options and relation targets
	if fields["headline"]["required"] != true || fields["author_name"]["max"] != float64(80) {
		t.Errorf("source options not copied: %v %v", fields["headline"], fields["author_name"])
	}
	if fields["hits"]["onlyInt"] != true || fields["whole"]["onlyInt"] != true || fields["ratio"]["onlyInt"] != false || fields["total"]["onlyInt"] != true {
		t.Errorf("number options: %v %v %v %v", fields["hits"], fields["whole"], fields["ratio"], fields["total"])
	}
	if fields["writer"]["collectionId"] != authors["id"] || fields["writer"]["maxSelect"] != float64(1) ||
		fields["author"]["collectionId"] != authors["id"] {
		t.Errorf("relations: %v %v", fields["writer"], fields["author"])
	}
	if fields["id"]["primaryKey"] != true || fields["id"]["pattern"] != "^[a-z0-9]+$" {
		t.Errorf("id: %v", fields["id"])
	}
	_ = posts

	// the records API reads the typed values (and expands the inferred relation)
	rec, raw := s.Do("POST", "/api/collections/authors/records", map[string]any{"name": "Ann", "active": true}, su)
	if rec.StatusCode != 200 {
		t.Fatalf("author: %s", raw)
	}
	author := decodeJSON(t, raw)
	if r, raw := s.Do("POST", "/api/collections/posts/records", map[string]any{"title": "Hi", "views": 3, "author": author["id"]}, su); r.StatusCode != 200 {
		t.Fatalf("post: %s", raw)
	}
	list := decodeJSON(t, expect(t, s, "GET", "/api/collections/post_report/records?expand=writer", nil, su, 200))
	item := list["items"].([]any)[0].(map[string]any)
	if item["hits"] != float64(3) || item["ratio"] != float64(3) || item["is_active"] != true || item["headline"] != "Hi" ||
		item["total"] != float64(1) || item["doubled"] != float64(6) {
		t.Errorf("view record: %v", item)
	}
	if exp, _ := item["expand"].(map[string]any); exp == nil || exp["writer"] == nil {
		t.Errorf("the inferred relation does not expand: %v", item)
	}

	// SELECT * can't be typed: refused as on PocketBase
	resp, raw := s.Do("POST", "/api/collections", map[string]any{"name": "all_posts", "type": "view", "viewQuery": "SELECT * FROM posts"}, su)
	if resp.StatusCode != 400 {
		t.Errorf("wildcard view: %d %s", resp.StatusCode, raw)
	}
}
