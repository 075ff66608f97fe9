package bindings

import (
	"context"
	"reflect"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/hook"
	"github.com/hookbase/hookbase/jsvm"
)

// hookBinder ties one app hook to its JS registrar onXxx.
type hookBinder struct {
	name string
	// bind attaches the permanent dispatcher to the app hook (once per app).
	bind func(b *Bindings)
	// build turns a generation's handlers into a *hook.Hook[T] chain.
	build func(b *Bindings, gen *jsvm.Generation, entries []hookEntry) any
}

// hookEntry is one onXxx(handler, ...tags) call of a generation.
type hookEntry struct {
	ref  jsvm.HandlerRef
	tags []string
}

func plainHook[T hook.Resolver](name string, get func(*core.App) *hook.Hook[T]) hookBinder {
	return hookBinder{
		name: name,
		bind: func(b *Bindings) {
			get(b.app).BindFunc(func(e T) error { return dispatch(b, name, e) })
		},
		build: func(b *Bindings, gen *jsvm.Generation, entries []hookEntry) any {
			return buildChain[T](b, gen, entries, nil)
		},
	}
}

func taggedHook[T hook.Tagger](name string, get func(*core.App, ...string) *hook.TaggedHook[T]) hookBinder {
	return hookBinder{
		name: name,
		bind: func(b *Bindings) {
			// the engine may ask whether any JS handler acts on a table
			// (the logs writer skips the model events of _logs rows)
			dispatcher := &hook.Handler[T]{Func: func(e T) error { return dispatch(b, name, e) }}
			get(b.app).Bind(hook.SetRunsFor(dispatcher, func(tags []string) bool {
				return jsHandlersFor[T](b, name, tags)
			}))
		},
		build: func(b *Bindings, gen *jsvm.Generation, entries []hookEntry) any {
			return buildChain[T](b, gen, entries, func(e T) []string { return e.Tags() })
		},
	}
}

// dispatch runs the current generation's JS handlers of hook name inside
// the app's chain: the local chain continues into the outer one when its
// last handler calls e.next() (see hook.Hook.Trigger).
func dispatch[T hook.Resolver](b *Bindings, name string, e T) error {
	t := b.table.Load()
	if t == nil {
		return e.Next()
	}
	chain, _ := t.hooks[name].(*hook.Hook[T])
	if chain == nil {
		return e.Next()
	}
	return chain.Trigger(e)
}

// jsHandlersFor reports whether the current generation has a JS handler of
// hook name that runs for an event with these tags.
func jsHandlersFor[T hook.Resolver](b *Bindings, name string, tags []string) bool {
	t := b.table.Load()
	if t == nil {
		return false
	}
	chain, _ := t.hooks[name].(*hook.Hook[T])
	return chain != nil && chain.HasHandlerFor(tags...)
}

func buildChain[T hook.Resolver](b *Bindings, gen *jsvm.Generation, entries []hookEntry, tagsOf func(T) []string) *hook.Hook[T] {
	appOf, ctxOf := eventAccessors[T]()
	chain := &hook.Hook[T]{}
	for _, entry := range entries {
		entry := entry
		handler := &hook.Handler[T]{Func: func(e T) error {
			if tagsOf != nil && len(entry.tags) > 0 && !tagsMatch(entry.tags, tagsOf(e)) {
				return e.Next()
			}
			return b.callJS(ctxOf(e), gen, entry.ref, appOf(e), func(vm *goja.Runtime) []goja.Value {
				return []goja.Value{eventValue(vm, e)}
			})
		}}
		if tagsOf != nil && len(entry.tags) > 0 {
			hook.SetRunsFor(handler, func(tags []string) bool { return tagsMatch(entry.tags, tags) })
		}
		chain.Bind(handler)
	}
	return chain
}

func tagsMatch(want, have []string) bool {
	for _, w := range want {
		for _, h := range have {
			if w == h {
				return true
			}
		}
	}
	return false
}

var (
	appType     = reflect.TypeOf((*core.App)(nil))
	ctxType     = reflect.TypeOf((*context.Context)(nil)).Elem()
	requestType = reflect.TypeOf((*core.RequestEvent)(nil)).Elem()
)

// eventAccessors finds, once per event type, how to read the event's App
// (for $app inside transactions) and its context (request or model ctx).
func eventAccessors[T any]() (func(T) *core.App, func(T) context.Context) {
	typ := reflect.TypeFor[T]()
	noApp := func(T) *core.App { return nil }
	noCtx := func(T) context.Context { return context.Background() }
	if typ.Kind() != reflect.Pointer || typ.Elem().Kind() != reflect.Struct {
		return noApp, noCtx
	}
	st := typ.Elem()
	appOf, ctxOf := noApp, noCtx
	if f, ok := st.FieldByName("App"); ok && f.Type == appType {
		idx := f.Index
		appOf = func(e T) *core.App {
			app, _ := reflect.ValueOf(e).Elem().FieldByIndex(idx).Interface().(*core.App)
			return app
		}
	}
	if f, ok := st.FieldByName("Context"); ok && f.Type == ctxType {
		idx := f.Index
		ctxOf = func(e T) context.Context {
			if c, _ := reflect.ValueOf(e).Elem().FieldByIndex(idx).Interface().(context.Context); c != nil {
				return c
			}
			return context.Background()
		}
	} else if f, ok := st.FieldByName("RequestEvent"); ok && f.Type == requestType {
		idx := f.Index
		ctxOf = func(e T) context.Context {
			re := reflect.ValueOf(e).Elem().FieldByIndex(idx).Addr().Interface().(*core.RequestEvent)
			if re.Request != nil {
				return re.Request.Context()
			}
			return context.Background()
		}
	}
	return appOf, ctxOf
}

// installHooks defines one onXxx(handler, ...tags) registrar per app hook.
func (b *Bindings) installHooks(rt *jsvm.Runtime) error {
	vm := rt.VM
	for _, hb := range hookBinders {
		name := hb.name
		err := vm.Set(name, func(call goja.FunctionCall) goja.Value {
			ref, err := rt.Register(call.Argument(0))
			if err != nil {
				throw(vm, err)
			}
			var tags []string
			for _, a := range call.Arguments[1:] {
				tags = append(tags, a.String())
			}
			rt.Declare(jsvm.Declaration{Kind: kindHook, Args: []any{name, tags}, Handler: ref})
			return goja.Undefined()
		})
		if err != nil {
			return err
		}
	}
	return nil
}
