package dialect

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Statement cache sizes per connection. The writer runs every distinct
// write of every collection; a reader connection sees fewer shapes and there
// are many of them, so each keeps less (prepared statements live in SQLite's
// heap, which counts toward RSS).
const (
	writerStmtCacheSize = 96
	readerStmtCacheSize = 32
	// maxCachedSQLLen skips one-off giant statements (long IN lists) that
	// would only push the reused ones out.
	maxCachedSQLLen = 4096
)

// stmtCacheConnector opens modernc connections wrapped in a per-connection
// prepared-statement cache keyed by SQL text: modernc prepares every
// ExecContext/QueryContext from scratch, which is a measurable share of a
// create's CPU (parse + plan of the same INSERT each time).
type stmtCacheConnector struct {
	inner driver.Connector
	size  int
}

func (c *stmtCacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if c.size <= 0 {
		return conn, nil
	}
	wrapped, err := newStmtCacheConn(conn, c.size)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	return wrapped, nil
}

func (c *stmtCacheConnector) Driver() driver.Driver { return c.inner.Driver() }

// innerConn is what the wrapper needs from modernc's connection.
type innerConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// stmtCacheConn is one connection with its LRU of prepared statements.
// database/sql never uses a driver.Conn from two goroutines at once, so the
// cache needs no lock; the idle sweep touches the connection only under
// gate, and every entry point below marks it in use first.
type stmtCacheConn struct {
	innerConn
	gate    idleGate
	closed  bool // under gate.mu
	max     int
	entries map[string]*list.Element
	lru     list.List // front = most recently used; values are *cachedStmt
}

type cachedStmt struct {
	query string
	stmt  driver.Stmt
	// busy: rows of this statement are still open (a second use would reset
	// it under them); evicted: close it once those rows are closed.
	busy, evicted bool
}

func newStmtCacheConn(conn driver.Conn, size int) (*stmtCacheConn, error) {
	ic, ok := conn.(innerConn)
	if !ok {
		return nil, fmt.Errorf("sqlite connection %T lacks the context interfaces the statement cache needs", conn)
	}
	c := &stmtCacheConn{innerConn: ic, max: size, entries: make(map[string]*list.Element, size)}
	sweeper.add(c)
	return c, nil
}

// IsValid is called by database/sql as the connection goes back to the pool.
func (c *stmtCacheConn) IsValid() bool {
	c.gate.returned()
	return c.innerConn.IsValid()
}

// ResetSession is called by database/sql before a pooled connection is used
// again, but not on every path (a connection handed back by a caller that
// gave up waiting skips it): the entry points below mark the connection in
// use too.
func (c *stmtCacheConn) ResetSession(ctx context.Context) error {
	c.gate.reused()
	return c.innerConn.ResetSession(ctx)
}

func (c *stmtCacheConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.gate.inUse()
	return c.innerConn.PrepareContext(ctx, query)
}

func (c *stmtCacheConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.gate.inUse()
	return c.innerConn.BeginTx(ctx, opts)
}

func (c *stmtCacheConn) Ping(ctx context.Context) error {
	c.gate.inUse()
	return c.innerConn.Ping(ctx)
}

// cacheable keeps scripts (several statements, which modernc re-parses on
// every run anyway) and oversized one-offs out of the cache.
func cacheable(query string) bool {
	if len(query) > maxCachedSQLLen {
		return false
	}
	if i := strings.IndexByte(query, ';'); i >= 0 && strings.TrimSpace(query[i+1:]) != "" {
		return false
	}
	return true
}

// acquire returns the cached statement for query, preparing it on a miss,
// marked busy; nil (and no error) when the cached one is in use.
func (c *stmtCacheConn) acquire(ctx context.Context, query string) (*cachedStmt, error) {
	if el, ok := c.entries[query]; ok {
		cs := el.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(el)
		cs.busy = true
		return cs, nil
	}
	st, err := c.innerConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if _, ok := st.(driver.StmtExecContext); !ok {
		_ = st.Close()
		return nil, nil
	}
	if _, ok := st.(driver.StmtQueryContext); !ok {
		_ = st.Close()
		return nil, nil
	}
	cs := &cachedStmt{query: query, stmt: st, busy: true}
	c.entries[query] = c.lru.PushFront(cs)
	for c.lru.Len() > c.max {
		c.evict(c.lru.Back())
	}
	return cs, nil
}

// evict drops an entry; a busy one is closed when released.
func (c *stmtCacheConn) evict(el *list.Element) {
	cs := el.Value.(*cachedStmt)
	c.lru.Remove(el)
	delete(c.entries, cs.query)
	cs.evicted = true
	if !cs.busy {
		_ = cs.stmt.Close()
	}
}

// release ends one use; a failed use drops the statement so the next run
// prepares afresh (after an interrupt or a schema change it is the safe
// choice, and failures are rare enough not to matter).
func (c *stmtCacheConn) release(cs *cachedStmt, failed bool) {
	cs.busy = false
	if failed && !cs.evicted {
		if el, ok := c.entries[cs.query]; ok && el.Value == cs {
			c.evict(el)
			return
		}
	}
	if cs.evicted {
		_ = cs.stmt.Close()
	}
}

func (c *stmtCacheConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.gate.inUse()
	if !cacheable(query) {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	cs, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.innerConn.ExecContext(ctx, query, args)
	}
	res, err := cs.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	c.release(cs, err != nil)
	return res, err
}

func (c *stmtCacheConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.gate.inUse()
	if !cacheable(query) {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	cs, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.innerConn.QueryContext(ctx, query, args)
	}
	rows, err := cs.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.release(cs, true)
		return nil, err
	}
	return &cachedRows{inner: rows, conn: c, cs: cs}, nil
}

// Close finalizes every cached statement before closing the connection.
func (c *stmtCacheConn) Close() error {
	sweeper.remove(c)
	c.gate.mu.Lock() // wait for a sweep of this connection to finish
	c.closed = true
	c.gate.mu.Unlock()
	var errs []error
	for el := c.lru.Front(); el != nil; el = el.Next() {
		if err := el.Value.(*cachedStmt).stmt.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	c.entries = nil
	c.lru.Init()
	errs = append(errs, c.innerConn.Close())
	return errors.Join(errs...)
}

// cachedRows gives the statement back to the cache when the rows close.
// It forwards the column type interfaces modernc's rows implement.
type cachedRows struct {
	inner  driver.Rows
	conn   *stmtCacheConn
	cs     *cachedStmt
	closed bool
}

func (r *cachedRows) Columns() []string              { return r.inner.Columns() }
func (r *cachedRows) Next(dest []driver.Value) error { return r.inner.Next(dest) }

func (r *cachedRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.inner.Close()
	r.conn.release(r.cs, err != nil)
	return err
}

func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.inner.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *cachedRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.inner.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *cachedRows) ColumnTypeNullable(i int) (bool, bool) {
	if t, ok := r.inner.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *cachedRows) ColumnTypePrecisionScale(i int) (int64, int64, bool) {
	if t, ok := r.inner.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *cachedRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.inner.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeOf(new(any)).Elem()
}
