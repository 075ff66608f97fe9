package bindings

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
)

// Options configures the bindings.
type Options struct {
	// Origins are the CORS origins applied to JS routes (as --origins).
	Origins []string
}

// Bindings connects one app to the jsvm generations: Install defines the
// globals of every runtime, Activate swaps in what a generation declared.
// Engine hooks are bound once (in New) as dispatchers that look up the
// current generation, so a reload never binds or unbinds engine hooks.
type Bindings struct {
	app  *core.App
	opts Options

	table      atomic.Pointer[table]
	main       atomic.Pointer[http.Handler] // the server's own handler, behind the JS routes
	baseRouter atomic.Pointer[apis.Router]  // the server's router, whose middlewares JS routes share

	cronMu  sync.Mutex
	cronIDs []string // jobs added by the current generation
}

// table is what one generation declared, ready to dispatch.
type table struct {
	gen    *jsvm.Generation
	hooks  map[string]any // hook name → *hook.Hook[T] of the JS handlers
	routes http.Handler   // nil when the generation has no routes
	use    *useChain      // routerUse middlewares, nil when none
}

// New binds the hook dispatchers and the router integration to app. Call it
// once per app, before Bootstrap, so onBootstrap handlers run:
//
//	b := bindings.New(app, bindings.Options{})
//	m := jsvm.NewManager(b.JSVMOptions(jsvm.Options{HooksDir: "pb_hooks", Watch: true}))
//	_ = m.Start(ctx) // a broken script is logged; an empty generation serves
//	err := app.Bootstrap()
//	// … apis.Serve(ctx, app, config); m.Close()
func New(app *core.App, opts Options) *Bindings {
	b := &Bindings{app: app, opts: opts}
	for _, hb := range hookBinders {
		hb.bind(b)
	}
	b.bindServe()
	app.RegisterMetricsSource("jsPool", b.poolFigures)
	apis.RegisterRouteSource(app, "js", b.jsRoutes)
	return b
}

// poolFigures are the current generation's runtime pool counts, for the
// app's metrics.
func (b *Bindings) poolFigures() map[string]float64 {
	t := b.table.Load()
	if t == nil || t.gen == nil {
		return map[string]float64{}
	}
	st := t.gen.PoolStats()
	return map[string]float64{
		"live": float64(st.Live), "idle": float64(st.Idle), "busy": float64(st.Live - st.Idle),
		"waiting": float64(st.Waiting), "peak": float64(st.Peak), "max": float64(st.Max),
		"built": float64(st.Built),
	}
}

// App is the bound app.
func (b *Bindings) App() *core.App { return b.app }

// JSVMOptions fills the Install/Activate/Retire callbacks of opts.
func (b *Bindings) JSVMOptions(opts jsvm.Options) jsvm.Options {
	opts.Install = b.Install
	opts.Activate = b.Activate
	opts.Retire = b.Retire
	if opts.Logger == nil {
		opts.Logger = b.app.Logger()
	}
	return opts
}

// Install defines every global on a new runtime.
func (b *Bindings) Install(rt *jsvm.Runtime) error {
	rt.VM.SetFieldNameMapper(FieldMapper{})
	installers := []func(*jsvm.Runtime) error{
		b.installApp, b.installHooks, b.installRouter, b.installApis, b.installCron,
		installErrors, b.installClasses, b.installExtraClasses, installHelpers, b.installSystem, installDbx,
		b.installHTTP, b.installTemplate, b.installMails, b.installFilesystem,
	}
	for _, install := range installers {
		if err := install(rt); err != nil {
			return err
		}
	}
	return nil
}

// Activate builds the dispatch table of gen and swaps it in.
func (b *Bindings) Activate(gen *jsvm.Generation) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bindings: activate generation %d: %v", gen.ID(), r)
		}
	}()
	t := &table{gen: gen, hooks: map[string]any{}}
	decls := gen.Declarations()

	hookEntries := map[string][]hookEntry{}
	for _, d := range decls {
		if d.Kind != kindHook {
			continue
		}
		name, _ := d.Args[0].(string)
		tags, _ := d.Args[1].([]string)
		hookEntries[name] = append(hookEntries[name], hookEntry{ref: d.Handler, tags: tags})
	}
	for _, hb := range hookBinders {
		if entries := hookEntries[hb.name]; len(entries) > 0 {
			t.hooks[hb.name] = hb.build(b, gen, entries)
		}
	}
	if t.use, err = b.buildUse(gen, decls); err != nil {
		return err
	}
	if t.routes, err = b.buildRoutes(gen, decls); err != nil {
		return err
	}
	if err := b.swapCrons(gen, decls); err != nil {
		return err
	}
	b.table.Store(t)
	return nil
}

// Retire is called when gen is no longer current and idle; its table is
// already unreachable, so there is nothing to undo.
func (b *Bindings) Retire(gen *jsvm.Generation) {}

// Declaration kinds recorded by the registrars.
const (
	kindHook       = "hook"
	kindRoute      = "route"
	kindUse        = "use"
	kindCron       = "cron"
	kindCronRemove = "cronRemove"
)

// callJS runs handler ref of gen with args built on the borrowed runtime.
// When app is a transaction's app, $app points to it for the call so that
// the handler's queries join the transaction instead of waiting on it.
func (b *Bindings) callJS(ctx context.Context, gen *jsvm.Generation, ref jsvm.HandlerRef, app *core.App, args func(vm *goja.Runtime) []goja.Value) error {
	returned, err := b.callJSRaw(ctx, gen, ref, app, args)
	if err != nil {
		return b.jsError(err)
	}
	return returned
}

// callJSRaw is callJS without the mapping of script errors to API errors:
// err keeps the script's file:line (cron run history records it).
func (b *Bindings) callJSRaw(ctx context.Context, gen *jsvm.Generation, ref jsvm.HandlerRef, app *core.App, args func(vm *goja.Runtime) []goja.Value) (returned, err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	err = gen.Run(ctx, func(rt *jsvm.Runtime) error {
		if g := appGlobalOf(rt); g != nil {
			g.begin(ctx, app)
			defer g.end()
		}
		res, err := rt.CallHandler(ref, args(rt.VM)...)
		if err != nil {
			return err
		}
		// a handler may also return an error value (`return new BadRequestError(…)`)
		if res != nil && !goja.IsUndefined(res) && !goja.IsNull(res) {
			returned, _ = res.Export().(error)
		}
		return nil
	})
	return returned, err
}

// throw raises err as a JS exception from inside a Go function called by JS.
func throw(vm *goja.Runtime, err error) {
	panic(vm.NewGoError(err))
}

var errNotLoading = errors.New("can only be called by top-level script code")
