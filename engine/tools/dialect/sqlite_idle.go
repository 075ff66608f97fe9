package dialect

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// idleCacheRelease is how long a pooled connection sits unused before its
// page cache is freed. Each SQLite connection caches pages privately, so
// after a burst every connection the burst opened keeps a full cache (up to
// ~30 MB each) although the OS page cache already holds the same pages for
// all of them; and in WAL mode a cache is thrown away at the next read after
// any write anyway. The pool reuses the most recently returned connection
// first, so under steady load only the connections it no longer needs go idle.
const idleCacheRelease = 2 * time.Second

// idleGate tracks one connection's pool state so a background sweep can
// free its cache while database/sql is not using it. database/sql calls
// IsValid when a connection goes back to the pool and ResetSession before
// it is used again; the sweep holds mu while it works, so a reuse waits for
// it (a few microseconds) and never runs beside it.
type idleGate struct {
	mu        sync.Mutex
	idleSince atomic.Int64 // unix nanos when returned to the pool; 0 = in use
	released  bool         // cache already freed since the last use (under mu)
}

// returned marks the connection idle (from IsValid).
func (g *idleGate) returned() { g.idleSince.Store(time.Now().UnixNano()) }

// inUse marks it in use on any call, cheaply when it already is: every
// use by database/sql starts with one of the connection's entry points, and
// rows, statements and transactions end before it is returned.
func (g *idleGate) inUse() {
	if g.idleSince.Load() != 0 {
		g.reused()
	}
}

// reused marks it in use (from ResetSession), waiting for a running sweep.
func (g *idleGate) reused() {
	g.mu.Lock()
	g.idleSince.Store(0)
	g.released = false
	g.mu.Unlock()
}

// idleSweeper frees the page caches of connections idle for longer than
// idleCacheRelease. One goroutine serves every pool; it runs only while a
// connection is registered.
type idleSweeper struct {
	mu      sync.Mutex
	conns   map[*stmtCacheConn]struct{}
	running bool
}

var sweeper = &idleSweeper{conns: map[*stmtCacheConn]struct{}{}}

func (s *idleSweeper) add(c *stmtCacheConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = struct{}{}
	if !s.running {
		s.running = true
		go s.loop()
	}
}

func (s *idleSweeper) remove(c *stmtCacheConn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// ReleaseIdleCaches frees now the page caches of every pooled connection
// not in use, in every pool: serve calls it once start-up (migrations, a
// seed) is over, so what those left in the caches is not kept until the
// sweep gets to it.
func ReleaseIdleCaches() {
	for _, c := range sweeper.idle(0) {
		c.releaseCache()
	}
}

// idle lists the connections unused for at least d.
func (s *idleSweeper) idle(d time.Duration) []*stmtCacheConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	idle := make([]*stmtCacheConn, 0, len(s.conns))
	for c := range s.conns {
		if since := c.gate.idleSince.Load(); since != 0 && time.Since(time.Unix(0, since)) >= d {
			idle = append(idle, c)
		}
	}
	return idle
}

func (s *idleSweeper) loop() {
	tick := time.NewTicker(idleCacheRelease / 2)
	defer tick.Stop()
	for range tick.C {
		s.mu.Lock()
		if len(s.conns) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		for _, c := range s.idle(idleCacheRelease) {
			c.releaseCache()
		}
	}
}

// releaseCache frees the connection's page cache if it is still idle
// (PRAGMA shrink_memory: sqlite3_db_release_memory). The pages come back
// from the OS page cache on the next use.
func (c *stmtCacheConn) releaseCache() {
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	if c.gate.idleSince.Load() == 0 || c.gate.released || c.closed {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = c.innerConn.ExecContext(ctx, "PRAGMA shrink_memory", nil)
	c.gate.released = true
}
