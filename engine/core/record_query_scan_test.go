package core

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
)

// Records scanned straight from the columns equal the ones built through
// dbx.NullStringMap, NULL columns and queries selecting extra or missing
// columns included.
func TestScanRecordsMatchesNullStringMapPath(t *testing.T) {
	app := newTestApp(t)
	posts := newPostsCollection(t, app)
	for i := 0; i < 5; i++ {
		r := NewRecord(posts)
		r.Set("title", fmt.Sprintf("post %d", i))
		r.Set("views", i*3)
		r.Set("tags", []string{"a", "c"}[:i%3])
		r.Set("secret", "s")
		mustSave(t, app, r)
	}

	queries := map[string]func() *dbx.SelectQuery{
		"record query": func() *dbx.SelectQuery { return app.RecordQuery(posts).OrderBy("title") },
		"some columns": func() *dbx.SelectQuery {
			return app.DB().Select("id", "title", "views AS extra", "nullif(1, 1) AS views", "nullif(1, 1) AS tags").From("posts").OrderBy("title")
		},
	}
	for name, q := range queries {
		var rows []dbx.NullStringMap
		if err := q().All(&rows); err != nil {
			t.Fatal(err)
		}
		got, err := app.scanRecords(posts, q())
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(rows) || len(got) != 5 {
			t.Fatalf("%s: %d records, %d rows", name, len(got), len(rows))
		}
		for i, row := range rows {
			want := newRecordFromRow(posts, row)
			if got[i].Id != want.Id || !reflect.DeepEqual(got[i].data, want.data) || !reflect.DeepEqual(got[i].original, want.original) || got[i].IsNew() {
				t.Errorf("%s row %d:\n got %#v\nwant %#v", name, i, got[i].data, want.data)
			}
		}
	}

	empty, err := app.scanRecords(posts, app.RecordQuery(posts).AndWhere(dbx.NewExp("1=0")))
	if err != nil || empty == nil || len(empty) != 0 {
		t.Fatalf("no rows: %v %v", empty, err)
	}
}

// The query timeout still bounds record loads (Rows() skips dbx exec hooks).
func TestScanRecordsKeepsQueryTimeout(t *testing.T) {
	app := newTestApp(t)
	posts := newPostsCollection(t, app)
	r := NewRecord(posts)
	r.Set("title", "one row, so the WHERE runs")
	mustSave(t, app, r)
	app.config.QueryTimeout = 50 * time.Millisecond
	slow := app.RecordQuery(posts).AndWhere(dbx.NewExp(
		"(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 100000000) SELECT count(*) FROM n) > 0"))
	start := time.Now()
	_, err := app.scanRecords(posts, slow)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("slow query: err %v after %v", err, time.Since(start))
	}
	// a caller's own deadline wins over the app's
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if _, err := app.scanRecords(posts, app.RecordQuery(posts).WithContext(ctx)); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
}

// The fixed-SQL by-id path finds what the builder path finds, misses with
// sql.ErrNoRows, and sees a transaction's own writes.
func TestFindRecordByIdPlainPath(t *testing.T) {
	app := newTestApp(t)
	posts := newPostsCollection(t, app)
	r := NewRecord(posts)
	r.Set("title", "find me")
	mustSave(t, app, r)
	always := func(q *dbx.SelectQuery) error { return nil }

	plain, err := app.FindRecordById(posts, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	built, err := app.FindRecordById(posts, r.Id, always)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Id != r.Id || !reflect.DeepEqual(plain.data, built.data) {
		t.Fatalf("plain %v built %v", plain.data, built.data)
	}
	if _, err := app.FindRecordById(posts, "missing000000000"); !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("missing id: %v", err)
	}
	err = app.RunInTransaction(func(tx *App) error {
		n := NewRecord(posts)
		n.Set("title", "in tx")
		if err := tx.Save(n); err != nil {
			return err
		}
		found, err := tx.FindRecordById("posts", n.Id)
		if err != nil || found.GetString("title") != "in tx" {
			return fmt.Errorf("in-tx find: %v %v", found, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
