package dialect

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
)

func TestOpenSQLiteAppliesPragmasAndPools(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	readers, writer, err := OpenSQLite(path, 7, DataWriterCacheKiB)
	if err != nil {
		t.Fatal(err)
	}
	defer readers.Close()
	defer writer.Close()

	if n := readers.DB().Stats().MaxOpenConnections; n != 7 {
		t.Errorf("readers pool holds %d connections, want 7", n)
	}
	if n := writer.DB().Stats().MaxOpenConnections; n != 1 {
		t.Errorf("writer pool holds %d connections, want 1", n)
	}
	var mode string
	var fk int
	if err := readers.NewQuery("PRAGMA journal_mode").Row(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q (%v), want wal", mode, err)
	}
	if err := writer.NewQuery("PRAGMA foreign_keys").Row(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys %d (%v), want 1", fk, err)
	}
}

func TestSQLiteSchemaQueries(t *testing.T) {
	readers, writer, err := OpenSQLite(filepath.Join(t.TempDir(), "data.db"), 2, DataWriterCacheKiB)
	if err != nil {
		t.Fatal(err)
	}
	defer readers.Close()
	defer writer.Close()

	cols := []string{
		"id " + SQLite.ColumnType(ColumnPrimaryKey),
		"title " + SQLite.ColumnType(ColumnText),
		"done " + SQLite.ColumnType(ColumnBool),
		"n " + SQLite.ColumnType(ColumnNumber),
		"tags " + SQLite.ColumnType(ColumnJSONArray),
		"meta " + SQLite.ColumnType(ColumnJSONNullable),
		"at " + SQLite.ColumnType(ColumnGeoPoint),
	}
	if _, err := writer.NewQuery("CREATE TABLE posts (" + strings.Join(cols, ", ") + ")").Execute(); err != nil {
		t.Fatalf("the column types do not form a valid table: %v", err)
	}
	if _, err := writer.NewQuery("CREATE INDEX idx_title ON posts (title)").Execute(); err != nil {
		t.Fatal(err)
	}
	// defaults fill every column, including a random primary key
	if _, err := writer.NewQuery("INSERT INTO posts DEFAULT VALUES").Execute(); err != nil {
		t.Fatal(err)
	}
	var row struct {
		Id   string
		Tags string
		At   string
	}
	if err := readers.NewQuery("SELECT id, tags, at FROM posts").One(&row); err != nil {
		t.Fatal(err)
	}
	if len(row.Id) != 15 || row.Id[0] != 'r' || row.Tags != "[]" || row.At != `{"lon":0,"lat":0}` {
		t.Errorf("defaults %+v", row)
	}

	var n int
	if err := readers.NewQuery(SQLite.HasTableQuery()).Bind(dbx.Params{"name": "posts"}).Row(&n); err != nil || n != 1 {
		t.Errorf("HasTableQuery found %d (%v)", n, err)
	}
	var names []string
	if err := readers.NewQuery(SQLite.TableColumnsQuery("posts")).Column(&names); err != nil ||
		strings.Join(names, ",") != "id,title,done,n,tags,meta,at" {
		t.Errorf("TableColumnsQuery %v (%v)", names, err)
	}
	var idx []struct{ Name, Sql string }
	if err := readers.NewQuery(SQLite.TableIndexesQuery()).Bind(dbx.Params{"table": "posts"}).All(&idx); err != nil ||
		len(idx) != 1 || idx[0].Name != "idx_title" {
		t.Errorf("TableIndexesQuery %+v (%v)", idx, err)
	}
}
