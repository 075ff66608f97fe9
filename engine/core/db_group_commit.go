package core

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
)

// Group commit: the top-level transactions of data.db run one at a time on
// its single writer connection (SQLite has one writer), and most of the cost
// of a small write is its COMMIT (WAL frames for every dirty page, WAL index
// locks). So transactions that queue up behind each other share one SQLite
// transaction, each in its own SAVEPOINT: a member's failure rolls back only
// its savepoint, and every member returns (is acknowledged) only after the
// shared COMMIT succeeded. The batch commits as soon as nobody is queued,
// so a lone writer pays no extra latency.
const (
	groupCommitMaxMembers = 64
	groupCommitMaxAge     = 10 * time.Millisecond
	groupSavepoint        = "hb_group_member"
)

// errGroupClosed is returned to a transaction started while the databases
// are being closed (backup restore, terminate).
var errGroupClosed = errors.New("the database is closing")

type groupCommitter struct {
	writer *dbx.DB

	waiting atomic.Int32 // callers queued on exec; > 0 keeps the batch open
	exec    sync.Mutex   // one member at a time on the connection
	cur     *commitBatch // guarded by exec
	closed  atomic.Bool  // no new members (the databases are closing)

	// stats (read by tests and metrics): batches committed, members in them
	batches, members atomic.Int64
}

// commitBatch is one shared SQLite transaction and the members waiting for
// its outcome.
type commitBatch struct {
	tx      *dbx.Tx
	members int
	started time.Time
	done    chan struct{} // closed once err is final
	err     error
}

// exec runs a savepoint statement straight on the transaction (dbx's
// placeholder processing is a regexp pass per statement).
func (b *commitBatch) exec(stmt string) error {
	if e, ok := b.tx.Builder.(interface{ Executor() dbx.Executor }); ok {
		_, err := e.Executor().ExecContext(context.Background(), stmt)
		return err
	}
	_, err := b.tx.NewQuery(stmt).Execute()
	return err
}

func newGroupCommitter(writer *dbx.DB) *groupCommitter {
	return &groupCommitter{writer: writer}
}

// run executes fn as one member of a shared transaction. ended is set when
// fn has returned, so a transaction App kept past its end fails instead of
// writing into a later member's savepoint.
func (g *groupCommitter) run(fn func(tx *dbx.Tx, ended *atomic.Bool) error) error {
	g.waiting.Add(1)
	g.exec.Lock()
	g.waiting.Add(-1)
	if g.closed.Load() {
		if g.cur != nil { // left open for this caller: settle it
			g.commit(g.cur)
		}
		g.exec.Unlock()
		return errGroupClosed
	}
	b := g.cur
	if b == nil {
		tx, err := g.writer.Begin()
		if err != nil {
			g.exec.Unlock()
			return fmt.Errorf("begin transaction: %w", err)
		}
		b = &commitBatch{tx: tx, started: time.Now(), done: make(chan struct{})}
		g.cur = b
	}
	if err := b.exec("SAVEPOINT " + groupSavepoint); err != nil {
		g.abort(b, err)
		g.exec.Unlock()
		return b.err
	}

	ended := &atomic.Bool{}
	finished := false
	defer func() {
		if finished {
			return
		}
		// fn panicked (or ended its goroutine): undo its work, keep the
		// batch going for the others, and let the panic continue.
		ended.Store(true)
		g.endMember(b, errors.New("transaction aborted by a panic"))
		g.exec.Unlock()
	}()
	fnErr := fn(b.tx, ended)
	finished = true
	ended.Store(true)
	g.endMember(b, fnErr)
	g.exec.Unlock()

	if fnErr != nil {
		// Its own savepoint is rolled back; what the others do no longer
		// matters to it.
		return fnErr
	}
	<-b.done
	return b.err
}

// endMember releases (or rolls back) the member's savepoint and commits the
// batch when nobody else is queued. Called with exec held.
func (g *groupCommitter) endMember(b *commitBatch, fnErr error) {
	var err error
	if fnErr != nil {
		err = b.exec("ROLLBACK TO " + groupSavepoint)
		if err == nil {
			err = b.exec("RELEASE " + groupSavepoint)
		}
	} else {
		err = b.exec("RELEASE " + groupSavepoint)
		if err == nil {
			b.members++
		}
	}
	if err != nil {
		// The savepoint is gone: SQLite rolled the whole transaction back
		// (an interrupted write, a full disk, an I/O error) or fn ended it
		// itself. Nothing of the batch can be acknowledged.
		g.abort(b, err)
		return
	}
	if b.members >= groupCommitMaxMembers || time.Since(b.started) >= groupCommitMaxAge || g.closed.Load() {
		g.commit(b)
		return
	}
	if g.waiting.Load() == 0 {
		// Let the writers that are runnable (e.g. just woken by the last
		// commit) reach the queue before deciding nobody is coming.
		runtime.Gosched()
		if g.waiting.Load() == 0 {
			g.commit(b)
		}
	}
}

func (g *groupCommitter) commit(b *commitBatch) {
	g.cur = nil
	if err := b.tx.Commit(); err != nil {
		b.err = fmt.Errorf("commit: %w", err)
	} else {
		g.batches.Add(1)
		g.members.Add(int64(b.members))
	}
	close(b.done)
}

func (g *groupCommitter) abort(b *commitBatch, cause error) {
	g.cur = nil
	_ = b.tx.Rollback()
	b.err = fmt.Errorf("the shared transaction was rolled back: %w", cause)
	close(b.done)
}

// close refuses new members and settles the open batch: it waits (a
// bounded time: close may run inside a member, e.g. a restore started in a
// transaction) for the running member, whose end then commits, and commits
// a batch left open for queued callers, who get errGroupClosed.
func (g *groupCommitter) close() {
	g.closed.Store(true)
	deadline := time.Now().Add(5 * time.Second)
	for !g.exec.TryLock() {
		if time.Now().After(deadline) {
			return // the running member settles its batch when it ends
		}
		time.Sleep(time.Millisecond)
	}
	defer g.exec.Unlock()
	if g.cur != nil {
		g.commit(g.cur)
	}
}
