package dialect

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// driverConnOf returns the wrapper under one pooled connection.
func driverConnOf(t testing.TB, c *sql.Conn) *stmtCacheConn {
	var sc *stmtCacheConn
	if err := c.Raw(func(dc any) error { sc, _ = dc.(*stmtCacheConn); return nil }); err != nil {
		t.Fatal(err)
	}
	if sc == nil {
		t.Fatal("pooled connection is not a *stmtCacheConn")
	}
	return sc
}

// A connection left idle in the pool has its page cache freed once, and is
// used normally afterwards; a connection in use is never touched.
func TestIdleConnectionReleasesCache(t *testing.T) {
	readers, writer, err := OpenSQLite(filepath.Join(t.TempDir(), "data.db"), 4, DataWriterCacheKiB)
	if err != nil {
		t.Fatal(err)
	}
	defer readers.Close()
	defer writer.Close()
	if _, err := writer.NewQuery("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('a'), ('b')").Execute(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	held, err := readers.DB().Conn(ctx) // stays in use for the whole test
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	busy := driverConnOf(t, held)

	c, err := readers.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	idle := driverConnOf(t, c)
	var n int
	if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 2 {
		t.Fatalf("count = %d, %v", n, err)
	}
	c.Close() // back to the pool

	released := func(sc *stmtCacheConn) bool {
		sc.gate.mu.Lock()
		defer sc.gate.mu.Unlock()
		return sc.gate.released
	}
	deadline := time.Now().Add(idleCacheRelease + 3*time.Second)
	for !released(idle) {
		if time.Now().After(deadline) {
			t.Fatalf("idle connection's cache not released after %s", idleCacheRelease+3*time.Second)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if released(busy) {
		t.Fatal("a connection in use was swept")
	}

	// Reuse: the same connection comes back (the pool prefers the most
	// recently returned), works, and counts as in use again.
	c, err = readers.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if again := driverConnOf(t, c); again == idle && (released(again) || again.gate.idleSince.Load() != 0) {
		t.Fatal("reused connection still marked idle")
	}
	if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 2 {
		t.Fatalf("count after release = %d, %v", n, err)
	}
}

// readerConn opens a small pool in a temp dir and takes one reader
// connection from it; the pools close with the test.
func readerConn(t *testing.T) *sql.Conn {
	readers, writer, err := OpenSQLite(filepath.Join(t.TempDir(), "data.db"), 2, DataWriterCacheKiB)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { readers.Close(); writer.Close() })
	c, err := readers.DB().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ReleaseIdleCaches frees an idle connection's cache at once.
func TestReleaseIdleCachesNow(t *testing.T) {
	c := readerConn(t)
	sc := driverConnOf(t, c)
	if err := c.PingContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.Close()
	ReleaseIdleCaches()
	sc.gate.mu.Lock()
	released := sc.gate.released
	sc.gate.mu.Unlock()
	if !released {
		t.Fatal("idle connection's cache not released by ReleaseIdleCaches")
	}
}

// A connection marked idle (IsValid) and then used without ResetSession
// (database/sql skips it for a connection a canceled waiter handed back)
// counts as in use from its first call, so no sweep runs beside that use.
func TestUseWithoutResetSessionMarksInUse(t *testing.T) {
	c := readerConn(t)
	defer c.Close()
	err := c.Raw(func(dc any) error {
		sc := dc.(*stmtCacheConn)
		sc.IsValid() // as putConn does
		if sc.gate.idleSince.Load() == 0 {
			t.Fatal("IsValid did not mark the connection idle")
		}
		rows, err := sc.QueryContext(context.Background(), "SELECT 1", nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		if sc.gate.idleSince.Load() != 0 {
			t.Fatal("a query did not mark the connection in use")
		}
		sc.releaseCache() // a sweep now must leave it alone
		if sc.gate.released {
			t.Fatal("a connection in use was swept")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Sweeps racing with reuse and closing never use a connection at the same
// time as database/sql (run with -race).
func TestIdleSweepRacesReuse(t *testing.T) {
	readers, writer, err := OpenSQLite(filepath.Join(t.TempDir(), "data.db"), 8, DataWriterCacheKiB)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, err := writer.NewQuery("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)").Execute(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := time.Now().Add(300 * time.Millisecond)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				var v int
				if err := readers.DB().QueryRow("SELECT v FROM t").Scan(&v); err != nil || v != 1 {
					t.Errorf("v = %d, %v", v, err)
					return
				}
			}
		}()
	}
	// Sweep every idle connection at once, concurrently with the queries.
	for time.Now().Before(stop) {
		ReleaseIdleCaches()
	}
	wg.Wait()
	readers.Close()
}

// BenchmarkIdleCacheRelease runs full-table scans of a ~7 MB table on 16
// reader connections at once, then leaves the pool idle, and reports the
// process's anonymous memory growth (SQLite's heap lives there: modernc
// allocates outside the Go heap) right after the burst and after
// idleCacheRelease: the page caches of the connections the burst opened.
func BenchmarkIdleCacheRelease(b *testing.B) {
	path := filepath.Join(b.TempDir(), "data.db")
	seedScanTable(b, path)
	before := rssAnonKiB(b)
	readers, writer, err := OpenSQLite(path, 32, DataWriterCacheKiB)
	if err != nil {
		b.Fatal(err)
	}
	defer writer.Close()
	defer readers.Close()

	const workers = 16
	b.ResetTimer()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			conn, err := readers.DB().Conn(context.Background())
			if err != nil {
				b.Error(err)
				return
			}
			defer conn.Close()
			for i := w; i < b.N; i += workers {
				var n int
				if err := conn.QueryRowContext(context.Background(),
					"SELECT COUNT(*) FROM scan WHERE score >= 990 AND body != ''").Scan(&n); err != nil {
					b.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(rssAnonKiB(b)-before)/1024, "MiB-after-burst")
	time.Sleep(idleCacheRelease + 1500*time.Millisecond)
	b.ReportMetric(float64(rssAnonKiB(b)-before)/1024, "MiB-after-idle")
}

func seedScanTable(b *testing.B, path string) {
	_, writer, err := OpenSQLite(path, 1, DataWriterCacheKiB)
	if err != nil {
		b.Fatal(err)
	}
	defer writer.Close()
	tx, err := writer.DB().BeginTx(context.Background(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec("CREATE TABLE scan (id INTEGER PRIMARY KEY, score INTEGER, body TEXT)"); err != nil {
		b.Fatal(err)
	}
	body := strings.Repeat("x", 300)
	for i := 0; i < 20000; i++ {
		if _, err := tx.Exec("INSERT INTO scan (score, body) VALUES (?, ?)", i%1000, body); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// rssAnonKiB reads the process's anonymous resident memory (Linux only).
func rssAnonKiB(b *testing.B) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("needs /proc/self/status (Linux)")
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "RssAnon:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	b.Skip("no RssAnon in /proc/self/status")
	return 0
}
