// Package core is hookbase's engine: the App with its databases, event hooks,
// collections, fields, records, settings and migrations.
package core

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookbase/hookbase/engine/realtime"
	"github.com/hookbase/hookbase/engine/tools/cron"
	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/store"
	"github.com/pocketbase/dbx"
)

// Default values of Config.
const (
	DefaultDataMaxReaders = 120
	DefaultAuxMaxReaders  = 20
	DefaultQueryTimeout   = 30 * time.Second
)

// Config configures a new App.
type Config struct {
	// DataDir is the pb_data directory (created when missing).
	DataDir string
	// IsDev enables verbose logs and error details.
	IsDev bool
	// EncryptionEnv names the env variable holding a 32-char key used to
	// encrypt the stored settings; empty means no encryption.
	EncryptionEnv string
	// QueryTimeout bounds every SQL query (0 = no bound).
	QueryTimeout time.Duration
	// DataMaxReaders and AuxMaxReaders size the concurrent read pools.
	DataMaxReaders int
	AuxMaxReaders  int
	// Logger receives the app logs; defaults to a text logger on stderr.
	Logger *slog.Logger
	// SubscriptionsBroker holds the realtime clients; defaults to an
	// in-process broker (see engine/realtime for one spanning nodes).
	SubscriptionsBroker realtime.Broker
}

// App is the engine instance. A transaction-scoped copy (see
// RunInTransaction) shares everything but its database handles.
type App struct {
	*appShared

	db              dbx.Builder
	nonconcurrentDB dbx.Builder
	auxDB           dbx.Builder
	auxNonconcDB    dbx.Builder
	tx              *txState
	// ownLogger replaces the shared logger in a WithLogger copy.
	ownLogger *slog.Logger
}

// appShared is the state common to an App and its transaction copies.
type appShared struct {
	config  Config
	dialect dialect.Dialect
	hooks   *appHooks
	store   *store.Store[string, any]
	logger  *slog.Logger

	dataDB, dataWriter   *dbx.DB
	auxDBConn, auxWriter *dbx.DB
	// group shares one SQLite transaction among concurrent top-level
	// transactions of data.db (see db_group_commit.go); nil when disabled.
	group *groupCommitter
	// noGroupCommit keeps one SQLite transaction per RunInTransaction
	// (benchmarks compare both).
	noGroupCommit bool

	settings    atomic.Pointer[Settings]
	collections atomic.Pointer[collectionsCache]
	schemaMu    sync.Mutex

	// root is the non-transactional app, used by work that runs after a
	// transaction has ended (it must not touch the finished tx).
	root *App

	bootstrapped atomic.Bool
	migrations   *MigrationsList
	cron         *cron.Cron
	broker       realtime.Broker
}

// New creates an App; call Bootstrap before using it.
func New(config Config) *App {
	if config.DataDir == "" {
		config.DataDir = "pb_data"
	}
	if config.DataMaxReaders <= 0 {
		config.DataMaxReaders = DefaultDataMaxReaders
	}
	if config.AuxMaxReaders <= 0 {
		config.AuxMaxReaders = DefaultAuxMaxReaders
	}
	logger := config.Logger
	if logger == nil {
		level := slog.LevelInfo
		if config.IsDev {
			level = slog.LevelDebug
		}
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	shared := &appShared{
		config:     config,
		dialect:    dialect.SQLite,
		hooks:      newAppHooks(),
		store:      store.New[string, any](nil),
		logger:     logger,
		migrations: AppMigrations,
		cron:       cron.New(),
		broker:     config.SubscriptionsBroker,
	}
	if shared.broker == nil {
		shared.broker = realtime.NewInProcessBroker()
	}
	app := &App{appShared: shared}
	shared.root = app
	app.registerSystemCronJobs()
	app.registerAutoBackup()
	app.registerCronRuns()
	app.registerAuthSessionHooks()
	return app
}

// NonTransactional returns the app outside of any transaction.
func (app *App) NonTransactional() *App { return app.root }

// DataDir is the absolute-or-relative pb_data directory.
func (app *App) DataDir() string { return app.config.DataDir }

// IsDev reports whether --dev is on.
func (app *App) IsDev() bool { return app.config.IsDev }

// EncryptionEnv is the name of the settings encryption key env variable.
func (app *App) EncryptionEnv() string { return app.config.EncryptionEnv }

// Dialect is the SQL dialect of the data database.
func (app *App) Dialect() dialect.Dialect { return app.dialect }

// Logger is the app logger.
func (app *App) Logger() *slog.Logger {
	if app.ownLogger != nil {
		return app.ownLogger
	}
	return app.logger
}

// Store is an app-wide concurrent key/value store (shared by all JS runtimes).
func (app *App) Store() *store.Store[string, any] { return app.store }

// Cron is the app's cron scheduler.
func (app *App) Cron() *cron.Cron { return app.cron }

// SubscriptionsBroker holds the realtime (SSE) clients and their topics.
func (app *App) SubscriptionsBroker() realtime.Broker { return app.broker }

// IsBootstrapped reports whether Bootstrap completed.
func (app *App) IsBootstrapped() bool { return app.bootstrapped.Load() }

// DB is the concurrent (read) builder, or the transaction inside one.
func (app *App) DB() dbx.Builder { return app.db }

// NonconcurrentDB is the single-writer builder, or the transaction inside one.
func (app *App) NonconcurrentDB() dbx.Builder { return app.nonconcurrentDB }

// AuxDB is the concurrent builder of auxiliary.db (logs).
func (app *App) AuxDB() dbx.Builder { return app.auxDB }

// AuxNonconcurrentDB is the single-writer builder of auxiliary.db.
func (app *App) AuxNonconcurrentDB() dbx.Builder { return app.auxNonconcDB }

// Bootstrap opens the databases, runs the pending system and app migrations
// and loads the settings and collections, inside OnBootstrap.
func (app *App) Bootstrap() error {
	event := &BootstrapEvent{App: app}
	return app.OnBootstrap().Trigger(event, func(e *BootstrapEvent) error {
		if err := app.ResetBootstrapState(); err != nil {
			return err
		}
		if err := os.MkdirAll(app.DataDir(), 0o755); err != nil {
			return fmt.Errorf("create data dir: %w", err)
		}
		if err := app.openDatabases(); err != nil {
			return err
		}
		if err := app.RunSystemMigrations(); err != nil {
			return fmt.Errorf("system migrations: %w", err)
		}
		if err := app.ReloadSettings(); err != nil {
			return err
		}
		if err := app.ReloadCachedCollections(); err != nil {
			return err
		}
		app.bootstrapped.Store(true)
		return e.Next()
	})
}

func (app *App) openDatabases() error {
	var err error
	app.dataDB, app.dataWriter, err = dialect.OpenSQLite(filepath.Join(app.DataDir(), "data.db"), app.config.DataMaxReaders, dialect.DataWriterCacheKiB)
	if err != nil {
		return err
	}
	app.auxDBConn, app.auxWriter, err = dialect.OpenSQLite(filepath.Join(app.DataDir(), "auxiliary.db"), app.config.AuxMaxReaders, dialect.LogsWriterCacheKiB)
	if err != nil {
		return err
	}
	if !app.noGroupCommit {
		app.group = newGroupCommitter(app.dataWriter)
	}
	timeout := app.config.QueryTimeout
	app.db = withQueryTimeout(app.dataDB, timeout)
	app.nonconcurrentDB = withQueryTimeout(app.dataWriter, timeout)
	app.auxDB = withQueryTimeout(app.auxDBConn, timeout)
	app.auxNonconcDB = withQueryTimeout(app.auxWriter, timeout)
	return nil
}

// ResetBootstrapState closes the databases (if open) so that Bootstrap can
// run again, e.g. after a backup restore.
func (app *App) ResetBootstrapState() error {
	app.bootstrapped.Store(false)
	if app.group != nil {
		app.group.close()
		app.group = nil
	}
	var errs []error
	for _, db := range []*dbx.DB{app.dataDB, app.dataWriter, app.auxDBConn, app.auxWriter} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	app.dataDB, app.dataWriter, app.auxDBConn, app.auxWriter = nil, nil, nil, nil
	return errors.Join(errs...)
}

// Terminate fires OnTerminate and closes the databases.
func (app *App) Terminate(isRestart bool) error {
	event := &TerminateEvent{App: app, IsRestart: isRestart}
	return app.OnTerminate().Trigger(event, func(e *TerminateEvent) error {
		app.cron.Stop()
		if err := app.ResetBootstrapState(); err != nil {
			return err
		}
		return e.Next()
	})
}
