package core

import (
	"fmt"
	"testing"

	"github.com/pocketbase/dbx"
)

// BenchmarkLoadRecordsPage loads a 30-row page the old way (dbx All into
// NullStringMaps, then records) and with scanRecords.
func BenchmarkLoadRecordsPage(b *testing.B) {
	app := newTestApp(b)
	c := saveBenchPosts(b, app)
	for i := 0; i < 100; i++ {
		r := NewRecord(c)
		r.Set("title", fmt.Sprintf("post number %d", i))
		r.Set("views", i*7)
		r.Set("public", i%2 == 0)
		if err := app.Save(r); err != nil {
			b.Fatal(err)
		}
	}
	page := func() *dbx.SelectQuery { return app.RecordQuery(c).OrderBy("views DESC").Limit(30) }
	b.Run("NullStringMap", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var rows []dbx.NullStringMap
			if err := page().All(&rows); err != nil {
				b.Fatal(err)
			}
			out := make([]*Record, len(rows))
			for i, row := range rows {
				out[i] = newRecordFromRow(c, row)
			}
		}
	})
	b.Run("scanRecords", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := app.scanRecords(c, page()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFindRecordById compares the query-builder path (an always-true
// filter forces it) with the fixed-SQL path taken without filters.
func BenchmarkFindRecordById(b *testing.B) {
	app := newTestApp(b)
	c := NewBaseCollection("posts")
	c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}}, &NumberField{FieldBase: FieldBase{Name: "views"}})
	if err := app.Save(c); err != nil {
		b.Fatal(err)
	}
	r := NewRecord(c)
	r.Set("title", "one")
	if err := app.Save(r); err != nil {
		b.Fatal(err)
	}
	noop := func(q *dbx.SelectQuery) error { return nil }
	b.Run("builder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := app.FindRecordById(c, r.Id, noop); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fixedSQL", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := app.FindRecordById(c, r.Id); err != nil {
				b.Fatal(err)
			}
		}
	})
}
