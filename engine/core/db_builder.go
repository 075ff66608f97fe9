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
	if b.member {
		return b.memberHook(q, op)
	}
	orig := q.Context()
	if orig != nil {
		if _, ok := orig.Deadline(); ok {
			return op()
		}
	} else {
		orig = context.Background()
	}
	ctx, cancel := context.WithTimeout(orig, b.timeout)
	defer cancel()
	q.WithContext(ctx)
	defer q.WithContext(orig)
	return op()
}

func (b *timeoutBuilder) memberHook(q *dbx.Query, op func() error) error {
	if b.ended.Load() {
		return sql.ErrTxDone
	}
	orig := q.Context()
	if orig == nil {
		orig = context.Background()
	}
	ctx := context.WithoutCancel(orig)
	if b.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, b.timeout)
		defer cancel()
	}
	q.WithContext(ctx)
	defer q.WithContext(orig)
	return op()
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
