package cli

import (
	"context"
	"time"

	"github.com/hookbase/hookbase/bindings"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
	"github.com/spf13/pflag"
)

// hooksFlags are serve's pb_hooks flags (as in PocketBase, plus the timeout).
type hooksFlags struct {
	dir     string
	watch   bool
	pool    int
	timeout int
}

func (h *hooksFlags) register(f *pflag.FlagSet) {
	f.StringVar(&h.dir, "hooksDir", "", "the directory with the JS app hooks (default pb_data/../pb_hooks)")
	f.BoolVar(&h.watch, "hooksWatch", true, "reload the JS app hooks when they change, without restarting")
	f.IntVar(&h.pool, "hooksPool", 15, "the number of pre-warmed JS runtimes")
	f.IntVar(&h.timeout, "hooksTimeout", 30, "seconds a JS handler may run before it is stopped (0 = no limit)")
}

// newServeApp creates the app with the JS VM attached: the hook
// dispatchers are bound and the scripts loaded before Bootstrap, so
// onBootstrap handlers run. Only serve starts the VM; other commands use
// newApp. The returned manager must be closed after serving.
func (f *globalFlags) newServeApp(h *hooksFlags, origins []string) (*core.App, *jsvm.Manager, error) {
	app := f.newUnbootstrappedApp()
	dir := h.dir
	if dir == "" {
		dir = f.siblingDir("pb_hooks")
	}
	b := bindings.New(app, bindings.Options{Origins: origins})
	manager := jsvm.NewManager(b.JSVMOptions(jsvm.Options{
		HooksDir: dir,
		PoolSize: h.pool,
		Timeout:  time.Duration(h.timeout) * time.Second,
		Watch:    h.watch,
		Logger:   app.Logger(),
	}))
	// A load error is logged by the manager, which then serves an empty
	// generation until the scripts are fixed (hot reload picks the fix up).
	_ = manager.Start(context.Background())
	if err := app.Bootstrap(); err != nil {
		_ = manager.Close()
		return nil, nil, err
	}
	return app, manager, nil
}
