package dialect

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pocketbase/dbx"
)

func openTestPool(t testing.TB, cacheSize int) *dbx.DB {
	t.Helper()
	dsn := "file:" + filepath.ToSlash(filepath.Join(t.TempDir(), "data.db")) + sqlitePragmas
	db, err := openCached(dsn, cacheSize)
	if err != nil {
		t.Fatal(err)
	}
	db.DB().SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.NewQuery("CREATE TABLE posts (id TEXT PRIMARY KEY, title TEXT, views INTEGER)").Execute(); err != nil {
		t.Fatal(err)
	}
	return db
}

// cacheOf reaches the one connection's cache of a MaxOpenConns(1) pool.
func cacheOf(t *testing.T, db *dbx.DB) (entries int) {
	t.Helper()
	conn, err := db.DB().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stmtCacheConn)
		if !ok {
			return fmt.Errorf("driver conn is %T, not the caching one", dc)
		}
		if len(c.entries) != c.lru.Len() {
			return fmt.Errorf("map has %d entries, list %d", len(c.entries), c.lru.Len())
		}
		entries = len(c.entries)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestStmtCacheReusesAndBindsFreshArgs(t *testing.T) {
	db := openTestPool(t, 8)
	for i := 0; i < 20; i++ {
		_, err := db.Insert("posts", dbx.Params{"id": fmt.Sprint("p", i), "title": fmt.Sprint("title ", i), "views": i}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 20; i++ {
		var title string
		if err := db.Select("title").From("posts").Where(dbx.HashExp{"id": fmt.Sprint("p", i)}).Row(&title); err != nil {
			t.Fatal(err)
		}
		if title != fmt.Sprint("title ", i) {
			t.Fatalf("row %d: title %q", i, title)
		}
	}
	// One INSERT shape, one SELECT shape and the CREATE TABLE.
	if n := cacheOf(t, db); n != 3 {
		t.Fatalf("cache holds %d statements, want 3", n)
	}
}

// A query run again while the rows of its first run are still open (same
// SQL, same connection, as inside one transaction) must not reset them.
func TestStmtCacheSameSQLWhileRowsOpen(t *testing.T) {
	db := openTestPool(t, 8)
	for i := 0; i < 5; i++ {
		if _, err := db.Insert("posts", dbx.Params{"id": fmt.Sprint("p", i), "views": i}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const q = "SELECT id, views FROM posts WHERE views >= ? ORDER BY views"
	outer, err := tx.Query(q, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for outer.Next() {
		var id string
		var views int
		if err := outer.Scan(&id, &views); err != nil {
			t.Fatal(err)
		}
		inner, err := tx.Query(q, views)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for inner.Next() {
			n++
		}
		inner.Close()
		if n != 5-views {
			t.Fatalf("inner run for views>=%d saw %d rows", views, n)
		}
		seen++
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if seen != 5 {
		t.Fatalf("outer rows: %d, want 5 (the inner run reset them)", seen)
	}
}

func TestStmtCacheFollowsSchemaChanges(t *testing.T) {
	db := openTestPool(t, 8)
	if _, err := db.NewQuery("INSERT INTO posts (id, title) VALUES ('a', 'x')").Execute(); err != nil {
		t.Fatal(err)
	}
	cols := func() []string {
		rows, err := db.NewQuery("SELECT * FROM posts").Rows()
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, _ := rows.Columns()
		return c
	}
	if got := cols(); len(got) != 3 {
		t.Fatalf("columns before: %v", got)
	}
	if _, err := db.NewQuery("ALTER TABLE posts ADD COLUMN extra TEXT").Execute(); err != nil {
		t.Fatal(err)
	}
	if got := cols(); len(got) != 4 || got[3] != "extra" {
		t.Fatalf("cached SELECT * after ADD COLUMN: %v", got)
	}
	// Dropped and recreated: the cached INSERT fails, then works again.
	ins := func() error {
		_, err := db.NewQuery("INSERT INTO posts (id) VALUES ({:id})").Bind(dbx.Params{"id": "z"}).Execute()
		return err
	}
	if _, err := db.NewQuery("DROP TABLE posts").Execute(); err != nil {
		t.Fatal(err)
	}
	if err := ins(); err == nil {
		t.Fatal("insert into a dropped table succeeded")
	}
	if _, err := db.NewQuery("CREATE TABLE posts (id TEXT PRIMARY KEY)").Execute(); err != nil {
		t.Fatal(err)
	}
	if err := ins(); err != nil {
		t.Fatalf("insert after recreate: %v", err)
	}
}

func TestStmtCacheIsBounded(t *testing.T) {
	db := openTestPool(t, 4)
	for i := 0; i < 30; i++ {
		var n int
		if err := db.NewQuery(fmt.Sprintf("SELECT count(*) + %d FROM posts", i)).Row(&n); err != nil {
			t.Fatal(err)
		}
		if n != i {
			t.Fatalf("query %d answered %d", i, n)
		}
	}
	if n := cacheOf(t, db); n != 4 {
		t.Fatalf("cache holds %d statements, bound is 4", n)
	}
}

func TestStmtCacheScriptsRunUncached(t *testing.T) {
	db := openTestPool(t, 4)
	_, err := db.NewQuery("INSERT INTO posts (id) VALUES ('s1'); INSERT INTO posts (id) VALUES ('s2');").Execute()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.NewQuery("SELECT count(*) FROM posts").Row(&n); err != nil || n != 2 {
		t.Fatalf("script inserted %d rows (%v), want 2", n, err)
	}
}

// BenchmarkSQLiteInsert and BenchmarkSQLiteSelectByID compare a pool with
// and without the statement cache on the shapes of a record create and view.
func BenchmarkSQLiteInsert(b *testing.B) {
	for _, size := range []int{0, writerStmtCacheSize} {
		b.Run(fmt.Sprintf("cache=%d", size), func(b *testing.B) {
			db := openTestPool(b, size)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				err := db.Transactional(func(tx *dbx.Tx) error {
					_, err := tx.Insert("posts", dbx.Params{"id": fmt.Sprint("id", i), "title": "bench title", "views": i}).Execute()
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSQLiteSelectByID(b *testing.B) {
	for _, size := range []int{0, readerStmtCacheSize} {
		b.Run(fmt.Sprintf("cache=%d", size), func(b *testing.B) {
			db := openTestPool(b, size)
			for i := 0; i < 1000; i++ {
				if _, err := db.Insert("posts", dbx.Params{"id": fmt.Sprint("id", i), "title": "t", "views": i}).Execute(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			var row struct {
				Id    string `db:"id"`
				Title string `db:"title"`
				Views int    `db:"views"`
			}
			for i := 0; i < b.N; i++ {
				if err := db.Select("*").From("posts").Where(dbx.HashExp{"id": fmt.Sprint("id", i%1000)}).Limit(1).One(&row); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
