package dialect

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pocketbase/dbx"
	"modernc.org/sqlite"
)

// sqlitePragmas are applied on every new connection: WAL lets readers run
// beside the single writer; busy_timeout makes writers queue instead of fail.
const sqlitePragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-16000)"

// maxIdleReaders bounds the reader connections kept open between bursts.
const maxIdleReaders = 15

// OpenSQLite opens one database file as two pools: many concurrent readers
// and one serialised writer (SQLite allows a single writer at a time).
func OpenSQLite(path string, maxReaders int) (concurrent *dbx.DB, nonconcurrent *dbx.DB, err error) {
	dsn := "file:" + filepath.ToSlash(path) + sqlitePragmas

	concurrent, err = openCached(dsn, readerStmtCacheSize)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	concurrent.DB().SetMaxOpenConns(maxReaders)
	// Every connection keeps its own page cache (up to cache_size, 16 MB),
	// filled by whatever it last scanned: keeping all maxReaders idle after
	// a burst of scans on a 100k-row table held ~700 MB of RSS (PocketBase
	// keeps 15 idle, ~190 MB). Busy pools still open up to maxReaders.
	concurrent.DB().SetMaxIdleConns(min(maxReaders, maxIdleReaders))
	concurrent.DB().SetConnMaxIdleTime(3 * time.Minute)

	nonconcurrent, err = openCached(dsn, writerStmtCacheSize)
	if err != nil {
		concurrent.Close()
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	nonconcurrent.DB().SetMaxOpenConns(1)
	nonconcurrent.DB().SetMaxIdleConns(1)
	nonconcurrent.DB().SetConnMaxIdleTime(3 * time.Minute)

	// Fail early on a broken file instead of at the first request.
	if err := concurrent.DB().PingContext(context.Background()); err != nil {
		concurrent.Close()
		nonconcurrent.Close()
		return nil, nil, fmt.Errorf("ping %s: %w", path, err)
	}
	return concurrent, nonconcurrent, nil
}

// openCached opens a pool whose connections keep up to cacheSize prepared
// statements each (0 = none), with dbx's SQLite builder.
func openCached(dsn string, cacheSize int) (*dbx.DB, error) {
	connector, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(&stmtCacheConnector{inner: connector, size: cacheSize})
	return dbx.NewFromDB(db, "sqlite"), nil
}
