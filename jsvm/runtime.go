package jsvm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// HandlerRef identifies a JS function registered while the scripts loaded.
// Because every runtime of a generation runs the same scripts in the same
// order, ref n names the same source function in every runtime, each one a
// closure of its own runtime.
type HandlerRef int

// Declaration is something the scripts asked for at load time (a route, a
// hook binding, a cron job…), recorded once per generation from the primary
// runtime. Args must hold plain Go values, never goja values: declarations are
// read from other goroutines after the runtime that made them moved on.
type Declaration struct {
	Kind    string       // e.g. "route", "onRecordCreate"; meaning is up to the bindings
	Args    []any        // e.g. []any{"GET", "/hello"}
	Handler HandlerRef   // the main handler, -1 if none
	Extra   []HandlerRef // further handlers in order (e.g. route middlewares)
	File    string       // script that declared it (hooks-relative), filled from the JS stack when empty
	Line    int
	Column  int
}

// Runtime is one goja VM of a generation's pool plus its event loop. It is
// used by one goroutine at a time: the one inside Generation.Run.
type Runtime struct {
	// VM is the goja runtime; only touch it inside Generation.Run (or Install).
	VM *goja.Runtime

	gen      *Generation
	primary  bool
	loading  bool // scripts are being evaluated: Register is allowed
	muted    bool // console output is dropped (non-primary runtimes while loading)
	broken   bool // must not go back to the pool
	handlers []goja.Callable
	loop     *eventLoop
	ctx      context.Context
	limit    time.Duration
}

// Primary reports whether this is the generation's first runtime, the one
// whose Declare calls are recorded and whose top-level console output is shown.
func (rt *Runtime) Primary() bool { return rt.primary }

// Generation returns the generation this runtime belongs to.
func (rt *Runtime) Generation() *Generation { return rt.gen }

// Logger is the logger console.* writes to.
func (rt *Runtime) Logger() *slog.Logger { return rt.gen.logger }

// Loading reports whether the scripts are still being evaluated (top-level code).
func (rt *Runtime) Loading() bool { return rt.loading }

// Context is the context of the call in progress (its deadline included);
// bindings pass it to Go code that does I/O. Outside a call it is Background.
func (rt *Runtime) Context() context.Context {
	if rt.ctx == nil {
		return context.Background()
	}
	return rt.ctx
}

// Register records fn as the next handler of this runtime. Only allowed while
// the scripts load, since the numbering must match across runtimes.
func (rt *Runtime) Register(fn goja.Value) (HandlerRef, error) {
	if !rt.loading {
		return -1, errors.New("jsvm: handlers can only be registered by top-level script code")
	}
	call, ok := goja.AssertFunction(fn)
	if !ok {
		return -1, errors.New("jsvm: handler must be a function")
	}
	rt.handlers = append(rt.handlers, call)
	return HandlerRef(len(rt.handlers) - 1), nil
}

// HandlerCount is the number of handlers registered in this runtime.
func (rt *Runtime) HandlerCount() int { return len(rt.handlers) }

// Declare records d for the generation when called on the primary runtime
// while loading, and is a no-op elsewhere, so each declaration is seen once.
// An empty File is filled with the innermost script position on the JS stack.
func (rt *Runtime) Declare(d Declaration) {
	if !rt.primary || !rt.loading {
		return
	}
	if d.File == "" {
		for _, f := range rt.VM.CaptureCallStack(0, nil) {
			if p := f.Position(); p.Line > 0 {
				d.File, d.Line, d.Column = relName(rt.gen.hooksDir, p.Filename), p.Line, p.Column
				break
			}
		}
	}
	rt.gen.decls = append(rt.gen.decls, d)
}

// CallHandler calls handler ref with args. When it returns a promise (async
// function) the event loop runs until that promise settles; the resolved value
// is returned, a rejection becomes the error. Errors are *ScriptError or
// *TimeoutError where they come from the script.
func (rt *Runtime) CallHandler(ref HandlerRef, args ...goja.Value) (goja.Value, error) {
	if ref < 0 || int(ref) >= len(rt.handlers) {
		return nil, fmt.Errorf("jsvm: unknown handler #%d (generation %d has %d)", ref, rt.gen.id, len(rt.handlers))
	}
	v, err := rt.handlers[ref](goja.Undefined(), args...)
	if err != nil {
		return nil, rt.convert(err)
	}
	return rt.Await(v)
}

var promiseType = reflect.TypeOf((*goja.Promise)(nil))

// Await settles v when it is a promise, running the event loop as needed;
// any other value is returned as is.
func (rt *Runtime) Await(v goja.Value) (goja.Value, error) {
	obj, ok := v.(*goja.Object)
	if !ok || obj.ExportType() != promiseType {
		return v, nil // cheap check: Export of a plain object would copy it
	}
	p, ok := obj.Export().(*goja.Promise)
	if !ok {
		return v, nil
	}
	if p.State() == goja.PromiseStatePending {
		if err := rt.loop.run(rt.Context(), func() bool { return p.State() != goja.PromiseStatePending }); err != nil {
			return nil, rt.convert(err)
		}
	}
	switch p.State() {
	case goja.PromiseStateFulfilled:
		return p.Result(), nil
	case goja.PromiseStateRejected:
		rt.loop.forget(p)
		return nil, valueError(rt.gen.hooksDir, p.Result())
	default:
		return nil, errNeverSettled
	}
}

// RegisterCallback lets Go code finish work later on this runtime's loop (the
// way k6 does): call it on the VM goroutine during a call, then call the
// returned function exactly once, from any goroutine, with the code to run on
// the VM goroutine. The call does not complete until that has happened.
func (rt *Runtime) RegisterCallback() func(func() error) {
	return rt.loop.registerCallback()
}

// Async runs work on its own goroutine and returns a promise settled on the
// VM goroutine with its result (converted by VM.ToValue) or its error.
// Must be called on the VM goroutine during a call.
func (rt *Runtime) Async(work func(ctx context.Context) (any, error)) goja.Value {
	p, resolve, reject := rt.VM.NewPromise()
	enqueue := rt.RegisterCallback()
	ctx := rt.Context()
	go func() {
		v, err := work(ctx)
		enqueue(func() error {
			if err != nil {
				return reject(rt.VM.NewGoError(err))
			}
			return resolve(v)
		})
	}()
	return rt.VM.ToValue(p)
}

// convert maps goja errors to ScriptError/TimeoutError.
func (rt *Runtime) convert(err error) error {
	if err == nil {
		return nil
	}
	var se *ScriptError
	var te *TimeoutError
	if errors.As(err, &se) || errors.As(err, &te) {
		return err
	}
	return convertError(rt.gen.hooksDir, err, rt.limit)
}

// call runs body with the time budget armed: on expiry of ctx (or of
// timeout, when > 0) the VM is interrupted and any wait in the loop ends.
// An interrupted runtime is marked broken so it is never reused.
func (rt *Runtime) call(ctx context.Context, timeout time.Duration, body func() error) (err error) {
	var cancel context.CancelFunc
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	rt.ctx, rt.limit = ctx, timeout
	if rt.limit == 0 {
		if dl, ok := ctx.Deadline(); ok {
			rt.limit = time.Until(dl)
		}
	}
	defer func() { rt.ctx = nil }()

	var (
		mu    sync.Mutex
		fired bool
		done  bool
	)
	stop := func() bool { return true }
	if ctx.Done() != nil {
		stop = context.AfterFunc(ctx, func() {
			mu.Lock()
			defer mu.Unlock()
			if !done {
				fired = true
				rt.VM.Interrupt(interruptSignal{})
			}
		})
	}

	defer func() {
		if r := recover(); r != nil {
			rt.broken = true
			if e, ok := r.(error); ok {
				err = fmt.Errorf("jsvm: panic in call: %w", rt.convert(e))
			} else {
				err = fmt.Errorf("jsvm: panic in call: %v", r)
			}
		}
		stop()
		mu.Lock()
		done = true
		wasFired := fired
		mu.Unlock()
		if wasFired {
			rt.VM.ClearInterrupt()
			rt.broken = true
		}
		if !rt.loop.idle() {
			rt.broken = true
		}
	}()

	err = body()
	if err != nil {
		err = rt.convert(err)
		if ctx.Err() != nil && (errors.Is(err, ctx.Err()) || isInterrupt(err)) {
			err = rt.ctxError(ctx, err)
		}
	}
	return err
}

// ctxError explains an interrupted call: a deadline is a TimeoutError
// (keeping the script position when known), a cancellation wraps ctx.Err().
func (rt *Runtime) ctxError(ctx context.Context, err error) error {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("jsvm: call canceled: %w", ctx.Err())
	}
	var te *TimeoutError
	if errors.As(err, &te) {
		return te
	}
	return &TimeoutError{Limit: rt.limit}
}

func isInterrupt(err error) bool {
	var te *TimeoutError
	return errors.As(err, &te)
}
