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
	// Local holds the bindings' own per-runtime state (set in Install,
	// used inside Generation.Run), so they need no map keyed by runtime.
	Local any

	gen      *Generation
	primary  bool
	loading  bool // scripts are being evaluated: Register is allowed
	muted    bool // console output is dropped (non-primary runtimes while loading)
	broken   bool // must not go back to the pool
	handlers []goja.Callable
	loop     *eventLoop

	// The call in progress. Its context is made only when something asks
	// for it (Context): most calls never do, and a context with a deadline
	// costs a timer and several allocations per call.
	parent   context.Context // the caller's context; nil outside a call
	deadline time.Time       // zero: no time budget
	limit    time.Duration   // the budget reported by TimeoutError
	ctx      context.Context // made from parent and deadline on first use
	cancel   context.CancelFunc

	// imu guards running, stopped, parent and deadline against the
	// runtime's deadline timer and the parent's cancellation callback,
	// which run on other goroutines.
	imu      sync.Mutex
	running  bool
	stopped  bool        // the VM was interrupted during this call
	timer    *time.Timer // one per runtime, re-armed by each call with a budget
	onCancel func()      // rt.interruptCanceled, kept to avoid a method value per call
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
	if rt.ctx != nil {
		return rt.ctx
	}
	if rt.parent == nil {
		return context.Background()
	}
	if rt.deadline.IsZero() {
		rt.ctx = rt.parent
	} else {
		rt.ctx, rt.cancel = context.WithDeadline(rt.parent, rt.deadline)
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
		if err := rt.loop.run(func() bool { return p.State() != goja.PromiseStatePending }); err != nil {
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

// call runs body with a time budget of timeout (none when 0) from now.
func (rt *Runtime) call(ctx context.Context, timeout time.Duration, body func() error) error {
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	return rt.callUntil(ctx, deadline, timeout, body)
}

// callUntil runs body with the time budget armed: at the deadline (or the
// parent's, when earlier) or when the parent is canceled, the VM is
// interrupted and any wait in the loop ends. An interrupted runtime is
// marked broken so it is never reused. The deadline is watched by the
// runtime's own timer, re-armed per call, so a call allocates no context.
func (rt *Runtime) callUntil(parent context.Context, deadline time.Time, limit time.Duration, body func() error) (err error) {
	if dl, ok := parent.Deadline(); ok {
		if deadline.IsZero() || dl.Before(deadline) {
			deadline = dl
		}
		if limit == 0 {
			limit = time.Until(dl)
		}
	}
	rt.imu.Lock()
	rt.parent, rt.deadline, rt.limit = parent, deadline, limit
	rt.running, rt.stopped = true, false
	rt.imu.Unlock()
	if !deadline.IsZero() {
		if rt.timer == nil {
			rt.timer = time.AfterFunc(time.Until(deadline), rt.interruptExpired)
		} else {
			rt.timer.Reset(time.Until(deadline))
		}
	}
	stopParent := func() bool { return true }
	if parent.Done() != nil {
		if rt.onCancel == nil {
			rt.onCancel = rt.interruptCanceled
		}
		stopParent = context.AfterFunc(parent, rt.onCancel)
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
		stopParent()
		if !deadline.IsZero() {
			rt.timer.Stop()
		}
		rt.imu.Lock()
		rt.running = false
		stopped := rt.stopped
		rt.parent = nil
		rt.imu.Unlock()
		if rt.cancel != nil {
			rt.cancel()
			rt.cancel = nil
		}
		rt.ctx = nil
		if stopped {
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
		if cerr := rt.callErr(); cerr != nil && (errors.Is(err, cerr) || isInterrupt(err)) {
			err = rt.ctxError(cerr, err)
		}
	}
	return err
}

// interruptExpired is the deadline timer's function. A firing left over
// from an earlier call finds the current deadline still ahead (or no call
// running) and does nothing.
func (rt *Runtime) interruptExpired() {
	rt.imu.Lock()
	defer rt.imu.Unlock()
	if rt.running && !rt.stopped && !rt.deadline.IsZero() && !time.Now().Before(rt.deadline) {
		rt.stopped = true
		rt.VM.Interrupt(interruptSignal{})
	}
}

// interruptCanceled runs when a call's parent context ends. A late run
// for an earlier call's parent finds the current parent alive and does
// nothing.
func (rt *Runtime) interruptCanceled() {
	rt.imu.Lock()
	defer rt.imu.Unlock()
	if rt.running && !rt.stopped && rt.parent != nil && rt.parent.Err() != nil {
		rt.stopped = true
		rt.VM.Interrupt(interruptSignal{})
	}
}

// callErr is why the call in progress must stop, nil while it may go on.
func (rt *Runtime) callErr() error {
	if rt.ctx != nil {
		return rt.ctx.Err()
	}
	if !rt.deadline.IsZero() && !time.Now().Before(rt.deadline) {
		return context.DeadlineExceeded
	}
	return rt.parent.Err()
}

// ctxError explains an interrupted call: a deadline is a TimeoutError
// (keeping the script position when known), a cancellation wraps ctx.Err().
func (rt *Runtime) ctxError(cause, err error) error {
	if !errors.Is(cause, context.DeadlineExceeded) {
		return fmt.Errorf("jsvm: call canceled: %w", cause)
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
