package core

import (
	"encoding/json"
	"testing"
)

// BenchmarkRecordJSON compares the map + encoding/json export (what
// MarshalJSON did before) with AppendJSON on a typical posts row.
func BenchmarkRecordJSON(b *testing.B) {
	app := newTestApp(b)
	c := saveBenchPosts(b, app)
	r := NewRecord(c)
	r.Set("title", "post number 1234")
	r.Set("views", 517)
	r.Set("public", true)
	if err := app.Save(r); err != nil {
		b.Fatal(err)
	}
	b.Run("map+encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(r.PublicExport()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 1024)
		for b.Loop() {
			var err error
			if buf, err = r.AppendJSON(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
