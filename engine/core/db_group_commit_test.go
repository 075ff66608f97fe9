package core

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
)

func newGroupTestCollection(t *testing.T, app *App) *Collection {
	t.Helper()
	c := NewBaseCollection("notes")
	c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}, Required: true})
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	return c
}

// waitQueued waits until n callers are queued behind the running member.
func waitQueued(t *testing.T, g *groupCommitter, n int32) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for g.waiting.Load() < n {
		if time.Now().After(deadline) {
			t.Error("the other transactions never queued")
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func countGroupNotes(t *testing.T, app *App, title string) int {
	t.Helper()
	var n int
	// The concurrent (reader) pool sees committed data only.
	if err := app.NonTransactional().DB().NewQuery("SELECT count(*) FROM notes WHERE title LIKE {:t}").Bind(map[string]any{"t": title}).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Concurrent saves share transactions; one failing save rolls back only its
// own savepoint, its error hook fires, and every other save commits with its
// success hook run after the commit (the row is visible to other
// connections by then).
func TestGroupCommitFailureRollsBackOnlyItsMember(t *testing.T) {
	app := newTestApp(t)
	notes := newGroupTestCollection(t, app)
	var mu sync.Mutex
	succeeded, failed, notVisible := 0, 0, 0
	app.OnRecordCreate("notes").BindFunc(func(e *RecordEvent) error {
		if strings.HasPrefix(e.Record.GetString("title"), "fail") {
			if err := e.Next(); err != nil { // the INSERT ran, then the hook fails
				return err
			}
			return errors.New("rejected by hook")
		}
		return e.Next()
	})
	app.OnRecordAfterCreateSuccess("notes").BindFunc(func(e *RecordEvent) error {
		var n int
		err := app.NonTransactional().DB().NewQuery("SELECT count(*) FROM notes WHERE id = {:id}").Bind(map[string]any{"id": e.Record.Id}).Row(&n)
		mu.Lock()
		succeeded++
		if err != nil || n != 1 {
			notVisible++
		}
		mu.Unlock()
		return e.Next()
	})
	app.OnRecordAfterCreateError("notes").BindFunc(func(e *RecordErrorEvent) error {
		mu.Lock()
		failed++
		mu.Unlock()
		return e.Next()
	})

	const writers, each = 16, 30
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				title := fmt.Sprintf("ok %d-%d", w, i)
				if i%5 == 0 {
					title = fmt.Sprintf("fail %d-%d", w, i)
				}
				r := NewRecord(notes)
				r.Set("title", title)
				err := app.Save(r)
				if strings.HasPrefix(title, "fail") != (err != nil) {
					errs <- fmt.Errorf("save %q: %v", title, err)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	wantFail := writers * (each / 5)
	wantOK := writers*each - wantFail
	if got := countGroupNotes(t, app, "ok%"); got != wantOK {
		t.Errorf("%d successful saves stored, want %d", got, wantOK)
	}
	if got := countGroupNotes(t, app, "fail%"); got != 0 {
		t.Errorf("%d failed saves stored, want 0", got)
	}
	if succeeded != wantOK || failed != wantFail || notVisible != 0 {
		t.Errorf("success hooks %d (want %d, %d before the commit), error hooks %d (want %d)", succeeded, wantOK, notVisible, failed, wantFail)
	}
	g := app.group
	if g.batches.Load() >= g.members.Load() {
		t.Errorf("%d batches for %d members: no transaction was shared", g.batches.Load(), g.members.Load())
	}
}

// When the shared transaction itself is lost, no member is acknowledged:
// an earlier member that had finished fine gets the error and its rollback
// callbacks, and nothing of the batch is stored.
func TestGroupCommitLostTransactionFailsEveryMember(t *testing.T) {
	app := newTestApp(t)
	newGroupTestCollection(t, app)
	g := app.group

	var rolledBack sync.WaitGroup
	rolledBack.Add(1)
	aErr := make(chan error, 1)
	aStarted := make(chan struct{})
	go func() {
		aErr <- app.RunInTransaction(func(txApp *App) error {
			if _, err := txApp.NonconcurrentDB().NewQuery("INSERT INTO notes (id, title) VALUES ('a00000000000001', 'batch a')").Execute(); err != nil {
				return err
			}
			_ = txApp.afterCommit(func() error { t.Error("a lost batch ran its commit callback"); return nil }, func(error) error { rolledBack.Done(); return nil })
			close(aStarted)
			waitQueued(t, g, 1) // B is queued: A's end leaves the batch open
			return nil
		})
	}()
	<-aStarted // A runs: queue B behind it
	bErr := app.RunInTransaction(func(txApp *App) error {
		// Ends the SQLite transaction under the group's feet, as an
		// interrupted write or an I/O error would.
		_, err := txApp.NonconcurrentDB().NewQuery("ROLLBACK").Execute()
		return err
	})
	if bErr == nil {
		t.Error("the member that lost the transaction succeeded")
	}
	if err := <-aErr; err == nil || !strings.Contains(err.Error(), "rolled back") {
		t.Errorf("the earlier member of the lost batch got %v, want the rollback error", err)
	}
	rolledBack.Wait()
	if n := countGroupNotes(t, app, "batch a"); n != 0 {
		t.Errorf("the lost batch's row is stored")
	}
	// The writer is usable again.
	if err := app.RunInTransaction(func(txApp *App) error {
		_, err := txApp.NonconcurrentDB().NewQuery("INSERT INTO notes (id, title) VALUES ('c00000000000001', 'after')").Execute()
		return err
	}); err != nil {
		t.Fatalf("transaction after the lost batch: %v", err)
	}
	if n := countGroupNotes(t, app, "after"); n != 1 {
		t.Errorf("row after the lost batch: %d", n)
	}
}

// A panicking member is rolled back alone, the panic reaches its caller,
// and the queued members still commit.
func TestGroupCommitPanicRollsBackOnlyItsMember(t *testing.T) {
	app := newTestApp(t)
	newGroupTestCollection(t, app)
	g := app.group

	okErr := make(chan error, 1)
	started := make(chan struct{})
	panicked := make(chan any, 1)
	go func() {
		defer func() { panicked <- recover() }()
		_ = app.RunInTransaction(func(txApp *App) error {
			if _, err := txApp.NonconcurrentDB().NewQuery("INSERT INTO notes (id, title) VALUES ('p00000000000001', 'panic')").Execute(); err != nil {
				return err
			}
			close(started)
			waitQueued(t, g, 1)
			panic("boom")
		})
	}()
	<-started
	go func() {
		okErr <- app.RunInTransaction(func(txApp *App) error {
			_, err := txApp.NonconcurrentDB().NewQuery("INSERT INTO notes (id, title) VALUES ('o00000000000001', 'fine')").Execute()
			return err
		})
	}()
	if p := <-panicked; p != "boom" {
		t.Errorf("recovered %v, want the member's panic", p)
	}
	if err := <-okErr; err != nil {
		t.Fatalf("the member queued behind a panic failed: %v", err)
	}
	if countGroupNotes(t, app, "panic") != 0 || countGroupNotes(t, app, "fine") != 1 {
		t.Errorf("panic rows %d (want 0), fine rows %d (want 1)", countGroupNotes(t, app, "panic"), countGroupNotes(t, app, "fine"))
	}
}

// A transaction App kept past the end of its transaction fails like a
// finished transaction instead of writing into a later member's savepoint;
// nested RunInTransaction calls reuse the member.
func TestGroupCommitMemberAppEndsWithIt(t *testing.T) {
	app := newTestApp(t)
	newGroupTestCollection(t, app)
	var kept *App
	err := app.RunInTransaction(func(txApp *App) error {
		kept = txApp
		return txApp.RunInTransaction(func(inner *App) error {
			if inner != txApp {
				t.Error("a nested RunInTransaction opened another transaction")
			}
			_, err := inner.NonconcurrentDB().NewQuery("INSERT INTO notes (id, title) VALUES ('k00000000000001', 'kept')").Execute()
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = kept.NonconcurrentDB().NewQuery("INSERT INTO notes (id, title) VALUES ('k00000000000002', 'late')").Execute()
	if !errors.Is(err, sql.ErrTxDone) {
		t.Errorf("write through an ended transaction App: %v, want sql.ErrTxDone", err)
	}
	if countGroupNotes(t, app, "kept") != 1 || countGroupNotes(t, app, "late") != 0 {
		t.Error("wrong rows after the kept App's write")
	}
}

// A caller's cancelled context does not interrupt its statements inside a
// shared transaction: SQLite would roll back the whole transaction, the
// other members' writes included.
func TestGroupCommitCancelledCallerDoesNotInterruptOthers(t *testing.T) {
	app := newTestApp(t)
	notes := newGroupTestCollection(t, app)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := NewRecord(notes)
	r.Set("title", "cancelled caller")
	err := app.SaveWithContext(ctx, r)
	// Whatever the save answers, the writer and its transaction survive.
	r2 := NewRecord(notes)
	r2.Set("title", "next")
	if err2 := app.Save(r2); err2 != nil {
		t.Fatalf("save after a cancelled one (%v): %v", err, err2)
	}
	if countGroupNotes(t, app, "next") != 1 {
		t.Error("the save after a cancelled one is not stored")
	}
}

// Record writes take the raw path (no dbx statement processing) on every
// builder a save can run on: the writer, a group member, a plain
// transaction.
func TestExecRawFindsTheExecutor(t *testing.T) {
	app := newTestApp(t)
	newGroupTestCollection(t, app)
	check := func(name string, b dbx.Builder) {
		ok, err := execRaw(context.Background(), b, "INSERT INTO notes (id, title) VALUES (?, ?)", fmt.Sprintf("%-15s", name)[:15], name)
		if !ok || err != nil {
			t.Errorf("%s: raw path ok=%v err=%v", name, ok, err)
		}
	}
	check("writer", app.NonconcurrentDB())
	if err := app.RunInTransaction(func(txApp *App) error { check("member", txApp.NonconcurrentDB()); return nil }); err != nil {
		t.Fatal(err)
	}
	app.noGroupCommit = true
	app.group = nil
	if err := app.RunInTransaction(func(txApp *App) error { check("plaintx", txApp.NonconcurrentDB()); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"writer", "member", "plaintx"} {
		if countGroupNotes(t, app, name) != 1 {
			t.Errorf("%s: row not stored", name)
		}
	}
}

// Closing the databases settles an open batch and refuses new members,
// also when it is called from inside a member (it must not wait forever
// for the member that called it).
func TestGroupCommitCloseInsideMember(t *testing.T) {
	app := newTestApp(t)
	newGroupTestCollection(t, app)
	g := app.group
	done := make(chan error, 1)
	go func() {
		done <- app.RunInTransaction(func(txApp *App) error {
			_, err := txApp.NonconcurrentDB().NewQuery("INSERT INTO notes (id, title) VALUES ('z00000000000001', 'closing')").Execute()
			g.close()
			return err
		})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the member that closed the group: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("close inside a member never returned")
	}
	if err := app.RunInTransaction(func(*App) error { return nil }); !errors.Is(err, errGroupClosed) {
		t.Errorf("a transaction after close: %v, want errGroupClosed", err)
	}
	if countGroupNotes(t, app, "closing") != 1 {
		t.Error("the member running during close was not committed")
	}
}
