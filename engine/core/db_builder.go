package core

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
)

// timeoutBuilder wraps a dbx.Builder so that every query it creates runs
// under the app's --queryTimeout unless the caller set its own deadline.
type timeoutBuilder struct {
	dbx.Builder
	timeout time.Duration
	// Set for a member of a shared (group-committed) transaction: its
	// queries ignore the caller's cancellation, because SQLite answers an
	// interrupted write inside a transaction by rolling back the whole of
	// it, the other members' work included; and they fail once the member
	// has ended, as a finished transaction's would.
	member bool
	ended  *atomic.Bool
}

// groupMemberBuilder is the builder of one member of a shared transaction.
func groupMemberBuilder(tx dbx.Builder, timeout time.Duration, ended *atomic.Bool) dbx.Builder {
	return &timeoutBuilder{Builder: tx, timeout: timeout, member: true, ended: ended}
}

func withQueryTimeout(b dbx.Builder, timeout time.Duration) dbx.Builder {
	if timeout <= 0 {
		return b
	}
	return &timeoutBuilder{Builder: b, timeout: timeout}
}

func (b *timeoutBuilder) hook(q *dbx.Query, op func() error) error {
	orig := q.Context()
	if orig == nil {
		orig = context.Background()
	}
	ctx, cancel, err := b.queryContext(orig)
	if err != nil {
		return err
	}
	if ctx == orig {
		return op()
	}
	defer cancel()
	q.WithContext(ctx)
	defer q.WithContext(orig)
	return op()
}

// queryContext is the context one query runs with: the caller's, bounded
// by the timeout unless it has its own deadline; for a group member,
// detached from the caller's cancellation. ctx == orig means unchanged.
func (b *timeoutBuilder) queryContext(orig context.Context) (context.Context, context.CancelFunc, error) {
	if !b.member {
		if _, ok := orig.Deadline(); ok || b.timeout <= 0 {
			return orig, nil, nil
		}
		ctx, cancel := context.WithTimeout(orig, b.timeout)
		return ctx, cancel, nil
	}
	if b.ended.Load() {
		return nil, nil, sql.ErrTxDone
	}
	ctx := context.WithoutCancel(orig)
	if b.timeout <= 0 {
		return ctx, func() {}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	return ctx, cancel, nil
}

// execRaw runs one statement already in the driver's form (? placeholders,
// quoted identifiers) on b's connection or transaction, under b's context
// rules. It skips dbx's statement processing (two regexp passes over the
// text), a measurable part of every record write. ok is false when b does
// not expose its executor; the caller then goes through dbx.
func execRaw(ctx context.Context, b dbx.Builder, query string, args ...any) (ok bool, err error) {
	tb, wrapped := b.(*timeoutBuilder)
	inner := b
	if wrapped {
		inner = tb.Builder
	}
	// *dbx.DB and *dbx.Tx embed the Builder interface; the executor is a
	// method of the concrete builder inside.
	switch v := inner.(type) {
	case *dbx.Tx:
		inner = v.Builder
	case *dbx.DB:
		inner = v.Builder
	}
	ex, hasExec := inner.(interface{ Executor() dbx.Executor })
	if !hasExec {
		return false, nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if wrapped {
		qctx, cancel, err := tb.queryContext(ctx)
		if err != nil {
			return true, err
		}
		if qctx != ctx {
			defer cancel()
			ctx = qctx
		}
	}
	_, err = ex.Executor().ExecContext(ctx, query, args...)
	return true, err
}

func (b *timeoutBuilder) wrap(q *dbx.Query) *dbx.Query { return q.WithExecHook(b.hook) }

func (b *timeoutBuilder) NewQuery(sql string) *dbx.Query { return b.wrap(b.Builder.NewQuery(sql)) }

func (b *timeoutBuilder) Select(cols ...string) *dbx.SelectQuery {
	return b.Builder.Select(cols...).WithBuildHook(func(q *dbx.Query) { b.wrap(q) })
}

func (b *timeoutBuilder) Insert(table string, cols dbx.Params) *dbx.Query {
	return b.wrap(b.Builder.Insert(table, cols))
}

func (b *timeoutBuilder) Update(table string, cols dbx.Params, where dbx.Expression) *dbx.Query {
	return b.wrap(b.Builder.Update(table, cols, where))
}

func (b *timeoutBuilder) Delete(table string, where dbx.Expression) *dbx.Query {
	return b.wrap(b.Builder.Delete(table, where))
}
