package bindings

import (
	"context"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
)

// appGlobal is one runtime's $app. During a call $app may have to be
// another App than the bindings' own: the transaction's app (so queries
// join it) or an app whose logger names the request being served. That
// app and its JS wrapper are made only when the script reads $app, so a
// handler that never touches $app (a hello route, most hooks) pays
// nothing for it.
type appGlobal struct {
	b    *Bindings
	vm   *goja.Runtime
	base goja.Value // b.app as JS sees it, made once per runtime

	// the call in progress
	inCall bool
	ctx    context.Context
	txApp  *core.App  // the event's app when it is a transaction's
	cur    goja.Value // the $app of this call, once read
}

// installApp defines $app as a getter on the global object.
func (b *Bindings) installApp(rt *jsvm.Runtime) error {
	g := &appGlobal{b: b, vm: rt.VM, base: rt.VM.ToValue(b.app)}
	rt.Local = g
	getter := rt.VM.ToValue(func(goja.FunctionCall) goja.Value { return g.value() })
	return rt.VM.GlobalObject().DefineAccessorProperty("$app", getter, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// appGlobalOf is rt's $app state (nil for a runtime the bindings did not install).
func appGlobalOf(rt *jsvm.Runtime) *appGlobal {
	g, _ := rt.Local.(*appGlobal)
	return g
}

// begin makes $app, for the call starting on this runtime, the app for
// ctx and app (see callJSRaw); end restores the runtime's own.
func (g *appGlobal) begin(ctx context.Context, app *core.App) {
	g.inCall, g.ctx, g.cur = true, ctx, nil
	g.txApp = nil
	if app != nil && app.IsTransactional() {
		g.txApp = app
	}
}

func (g *appGlobal) end() {
	g.inCall, g.ctx, g.txApp, g.cur = false, nil, nil, nil
}

func (g *appGlobal) value() goja.Value {
	if !g.inCall {
		return g.base
	}
	if g.cur != nil {
		return g.cur
	}
	app := g.b.app
	if g.txApp != nil {
		app = g.txApp
	}
	// during a request, $app.logger() names the request it serves
	if id := core.RequestIdFromContext(g.ctx); id != "" {
		app = app.WithLogger(app.Logger().With("requestId", id))
	}
	if app == g.b.app {
		g.cur = g.base
	} else {
		g.cur = g.vm.ToValue(app)
	}
	return g.cur
}
