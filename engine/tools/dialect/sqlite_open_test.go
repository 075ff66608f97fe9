package dialect

import (
	"context"
	"path/filepath"
	"testing"
)

// After a burst that opened many reader connections, at most
// maxIdleReaders stay open (each holds its own page cache), while the
// burst itself could use all maxReaders.
func TestOpenSQLiteBoundsIdleReaders(t *testing.T) {
	readers, writer, err := OpenSQLite(filepath.Join(t.TempDir(), "data.db"), 40, DataWriterCacheKiB)
	if err != nil {
		t.Fatal(err)
	}
	defer readers.Close()
	defer writer.Close()

	ctx := context.Background()
	for round := 0; round < 2; round++ {
		conns := make([]interface{ Close() error }, 0, 40)
		for i := 0; i < 40; i++ {
			c, err := readers.DB().Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.PingContext(ctx); err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
		}
		if open := readers.DB().Stats().OpenConnections; open != 40 {
			t.Fatalf("burst: %d open connections, want 40", open)
		}
		for _, c := range conns {
			c.Close()
		}
		stats := readers.DB().Stats()
		if stats.Idle > maxIdleReaders || stats.OpenConnections > maxIdleReaders {
			t.Fatalf("after the burst: %d idle / %d open, want at most %d", stats.Idle, stats.OpenConnections, maxIdleReaders)
		}
	}
}
