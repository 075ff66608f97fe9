package core

import (
	"errors"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/dbx"
)

// txState is shared by every copy of the App inside one transaction: it
// collects the work to run after commit or rollback (the After*Success and
// After*Error hooks must not fire for data that was never committed).
type txState struct {
	mu            sync.Mutex
	afterCommit   []func() error
	afterRollback []func(err error) error
}

func (tx *txState) onCommit(fn func() error) {
	tx.mu.Lock()
	tx.afterCommit = append(tx.afterCommit, fn)
	tx.mu.Unlock()
}

func (tx *txState) onRollback(fn func(err error) error) {
	tx.mu.Lock()
	tx.afterRollback = append(tx.afterRollback, fn)
	tx.mu.Unlock()
}

// IsTransactional reports whether the app is a transaction copy.
func (app *App) IsTransactional() bool { return app.tx != nil }

// RunInTransaction runs fn with an App bound to one transaction of
// data.db: everything fn (and the hooks it triggers) does through txApp
// commits together or not at all. Nested calls reuse the outer transaction.
func (app *App) RunInTransaction(fn func(txApp *App) error) error {
	if app.tx != nil {
		return fn(app)
	}
	writer := app.dataWriter
	if writer == nil {
		return errors.New("the app is not bootstrapped")
	}

	state := &txState{}
	var err error
	if group := app.group; group != nil {
		err = group.run(func(tx *dbx.Tx, ended *atomic.Bool) error {
			b := groupMemberBuilder(tx, app.config.QueryTimeout, ended)
			return fn(&App{
				appShared:       app.appShared,
				db:              b,
				nonconcurrentDB: b,
				auxDB:           app.auxDB,
				auxNonconcDB:    app.auxNonconcDB,
				tx:              state,
			})
		})
	} else {
		err = writer.Transactional(func(tx *dbx.Tx) error {
			txApp := &App{
				appShared:       app.appShared,
				db:              withQueryTimeout(tx, app.config.QueryTimeout),
				nonconcurrentDB: withQueryTimeout(tx, app.config.QueryTimeout),
				auxDB:           app.auxDB,
				auxNonconcDB:    app.auxNonconcDB,
				tx:              state,
			}
			return fn(txApp)
		})
	}
	if err != nil {
		var errs []error
		errs = append(errs, err)
		for _, cb := range state.afterRollback {
			if cbErr := cb(err); cbErr != nil {
				errs = append(errs, cbErr)
			}
		}
		if len(errs) == 1 {
			return err
		}
		return errors.Join(errs...)
	}
	var errs []error
	for _, cb := range state.afterCommit {
		if cbErr := cb(); cbErr != nil {
			errs = append(errs, cbErr)
		}
	}
	return errors.Join(errs...)
}

// AuxRunInTransaction is RunInTransaction for auxiliary.db.
func (app *App) AuxRunInTransaction(fn func(txApp *App) error) error {
	writer := app.auxWriter
	if writer == nil {
		return errors.New("the app is not bootstrapped")
	}
	return writer.Transactional(func(tx *dbx.Tx) error {
		txApp := *app
		txApp.auxDB = withQueryTimeout(tx, app.config.QueryTimeout)
		txApp.auxNonconcDB = txApp.auxDB
		return fn(&txApp)
	})
}

// afterCommit runs fn after the current transaction commits, or at once
// outside a transaction; onError runs when it rolls back instead.
func (app *App) afterCommit(fn func() error, onError func(err error) error) error {
	// Callbacks are registered on the tx but must use the root app.
	if app.tx == nil {
		return fn()
	}
	app.tx.onCommit(fn)
	if onError != nil {
		app.tx.onRollback(onError)
	}
	return nil
}

// withHookErrors returns err itself when the error hooks added nothing, so
// callers keep the original error type (e.g. validation.Errors for JSON).
func withHookErrors(err error, hookErrs ...error) error {
	var extra []error
	for _, e := range hookErrs {
		if e != nil {
			extra = append(extra, e)
		}
	}
	if len(extra) == 0 {
		return err
	}
	return errors.Join(append([]error{err}, extra...)...)
}
