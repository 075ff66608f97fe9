package cli

import (
	"context"
	"errors"
	"time"

	"github.com/hookbase/hookbase/bindings"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// hooksFlags are the pb_hooks flags (as in PocketBase, plus the timeout).
// They are root flags so every command accepts them: scripts call
// `migrate up --hooksDir=…` and `superuser upsert --hooksDir=…`.
type hooksFlags struct {
	dir     string
	watch   bool
	pool    int
	timeout int
}

func (h *hooksFlags) register(f *pflag.FlagSet) {
	f.StringVar(&h.dir, "hooksDir", "", "the directory with the JS app hooks (default pb_data/../pb_hooks)")
	f.BoolVar(&h.watch, "hooksWatch", true, "reload the JS app hooks when they change, without restarting (serve only)")
	f.IntVar(&h.pool, "hooksPool", 15, "the number of pre-warmed JS runtimes")
	f.IntVar(&h.timeout, "hooksTimeout", 30, "seconds a JS handler may run before it is stopped (0 = no limit)")
}

// oneShotPool is the runtime pool of commands other than serve when
// --hooksPool is not given: they run a few hooks at most, and a busy pool
// builds throwaway runtimes anyway.
const oneShotPool = 2

// appOptions says how a command wants its app.
type appOptions struct {
	serve   bool     // watch pb_hooks and keep the configured pool
	origins []string // serve's --origins, for the bindings
}

// commandApp is a bootstrapped app with pb_hooks loaded; close it when the
// command is done.
type commandApp struct {
	*core.App
	js *jsvm.Manager
}

// close stops the JS VM and closes the databases.
func (a *commandApp) close() error {
	return errors.Join(a.js.Close(), a.ResetBootstrapState())
}

// newApp creates the app of cmd with the JS VM attached: the hook
// dispatchers are bound and pb_hooks loaded before Bootstrap, so
// onBootstrap and model hooks fire for every command (e.g. during
// `migrate up`), as in PocketBase.
func (f *globalFlags) newApp(cmd *cobra.Command, opts appOptions) (*commandApp, error) {
	app := f.newUnbootstrappedApp()
	dir := f.hooks.dir
	if dir == "" {
		dir = f.siblingDir("pb_hooks")
	}
	pool, watch := f.hooks.pool, f.hooks.watch
	if !opts.serve {
		watch = false
		if cmd == nil || !cmd.Flags().Changed("hooksPool") {
			pool = min(pool, oneShotPool)
		}
	}
	b := bindings.New(app, bindings.Options{Origins: opts.origins})
	manager := jsvm.NewManager(b.JSVMOptions(jsvm.Options{
		HooksDir: dir,
		PoolSize: pool,
		Timeout:  time.Duration(f.hooks.timeout) * time.Second,
		Watch:    watch,
		Logger:   app.Logger(),
	}))
	// A load error is logged by the manager, which then serves an empty
	// generation until the scripts are fixed (hot reload picks the fix up).
	_ = manager.Start(context.Background())
	if err := app.Bootstrap(); err != nil {
		return nil, errors.Join(err, manager.Close())
	}
	if opts.serve {
		bindReloadOnRestore(app, manager)
	}
	return &commandApp{App: app, js: manager}, nil
}

// bindReloadOnRestore makes every later bootstrap — a backup restore
// reopening the swapped data dir — load a fresh JS generation, so that no
// script state derived from the previous data survives, and rewrites
// pb_data/types.d.ts (the backup may hold an older one).
func bindReloadOnRestore(app *core.App, manager *jsvm.Manager) {
	app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		if err := writeTypes(app.DataDir()); err != nil {
			app.Logger().Warn("cannot write types.d.ts", "error", err)
		}
		// a broken script is logged and the previous generation kept
		_ = manager.Reload()
		return nil
	})
}
