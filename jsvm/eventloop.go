package jsvm

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// eventLoop is the per-runtime loop that a call drives on its own goroutine
// until the work the call started has settled. Timers and rejection tracking
// are touched only by the goroutine running the VM; the queue and the pending
// counter are fed from any goroutine (RegisterCallback).
type eventLoop struct {
	rt *Runtime

	mu      sync.Mutex
	queue   []func() error
	pending int // callbacks registered but not yet enqueued
	wake    chan struct{}

	timers    map[int64]*loopTimer
	nextTimer int64

	// rejected holds promises rejected with no handler attached yet.
	rejected map[*goja.Promise]struct{}
	rejOrder []*goja.Promise
}

type loopTimer struct {
	id       int64
	when     time.Time
	interval time.Duration // >0 for setInterval
	fn       goja.Callable
	args     []goja.Value
}

func newEventLoop(rt *Runtime) *eventLoop {
	return &eventLoop{
		rt:       rt,
		wake:     make(chan struct{}, 1),
		timers:   make(map[int64]*loopTimer),
		rejected: make(map[*goja.Promise]struct{}),
	}
}

// registerCallback reserves one future callback; the loop will not finish
// until the returned function has been called (exactly once, any goroutine).
func (l *eventLoop) registerCallback() func(func() error) {
	l.mu.Lock()
	l.pending++
	l.mu.Unlock()
	var once sync.Once
	return func(cb func() error) {
		once.Do(func() {
			l.mu.Lock()
			l.pending--
			l.queue = append(l.queue, cb)
			l.mu.Unlock()
			select {
			case l.wake <- struct{}{}:
			default:
			}
		})
	}
}

// idle reports whether nothing is left that could run later; a runtime that
// is not idle after a call must not be reused.
func (l *eventLoop) idle() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pending == 0 && len(l.queue) == 0 && len(l.timers) == 0 && len(l.rejected) == 0
}

// track is goja's promise rejection tracker.
func (l *eventLoop) track(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		if _, ok := l.rejected[p]; !ok {
			l.rejected[p] = struct{}{}
			l.rejOrder = append(l.rejOrder, p)
		}
	case goja.PromiseRejectionHandle:
		delete(l.rejected, p)
	}
}

// forget drops a rejected promise whose reason the caller consumed itself.
func (l *eventLoop) forget(p *goja.Promise) { delete(l.rejected, p) }

// takeUnhandled returns the first still-unhandled rejection as an error and
// clears the tracking state.
func (l *eventLoop) takeUnhandled() error {
	var first *goja.Promise
	for _, p := range l.rejOrder {
		if _, ok := l.rejected[p]; ok {
			first = p
			break
		}
	}
	clear(l.rejected)
	l.rejOrder = l.rejOrder[:0]
	if first == nil {
		return nil
	}
	se := valueError(l.rt.gen.hooksDir, first.Result())
	se.Message = "unhandled promise rejection: " + se.Message
	return se
}

// reset forgets all loop state; used before a discarded runtime is dropped so
// late callbacks find nothing to do.
func (l *eventLoop) reset() {
	l.mu.Lock()
	l.queue = nil
	l.mu.Unlock()
	clear(l.timers)
	clear(l.rejected)
	l.rejOrder = nil
}

// run drives the loop until done() reports true (when non-nil) or nothing is
// left to wait for, or the call's context ends (asked for only when the loop
// has to wait). Promise jobs run by themselves when each callback returns.
func (l *eventLoop) run(done func() bool) error {
	for {
		if done != nil && done() {
			return nil
		}
		l.mu.Lock()
		q := l.queue
		l.queue = nil
		pending := l.pending
		l.mu.Unlock()
		if len(q) > 0 {
			for i, cb := range q {
				if err := cb(); err != nil {
					l.requeue(q[i+1:])
					return l.rt.convert(err)
				}
			}
			continue
		}

		next := l.nextDue()
		now := time.Now()
		if next != nil && !next.when.After(now) {
			if err := l.fire(next); err != nil {
				return err
			}
			continue
		}
		if next == nil && pending == 0 {
			if done != nil {
				return nil // the caller inspects why done() is still false
			}
			return l.takeUnhandled()
		}

		ctx := l.rt.Context()
		var timer *time.Timer
		var timerC <-chan time.Time
		if next != nil {
			timer = time.NewTimer(next.when.Sub(now))
			timerC = timer.C
		}
		var ctxErr error
		select {
		case <-l.wake:
		case <-timerC:
		case <-ctx.Done():
			ctxErr = ctx.Err()
		}
		if timer != nil {
			timer.Stop()
		}
		if ctxErr != nil {
			return ctxErr
		}
	}
}

func (l *eventLoop) requeue(rest []func() error) {
	if len(rest) == 0 {
		return
	}
	l.mu.Lock()
	l.queue = append(rest, l.queue...)
	l.mu.Unlock()
}

// nextDue picks the earliest timer; ties go to the one created first.
func (l *eventLoop) nextDue() *loopTimer {
	var best *loopTimer
	for _, t := range l.timers {
		if best == nil || t.when.Before(best.when) || (t.when.Equal(best.when) && t.id < best.id) {
			best = t
		}
	}
	return best
}

func (l *eventLoop) fire(t *loopTimer) error {
	if t.interval > 0 {
		t.when = time.Now().Add(t.interval)
	} else {
		delete(l.timers, t.id)
	}
	if _, err := t.fn(goja.Undefined(), t.args...); err != nil {
		return l.rt.convert(err)
	}
	return nil
}

// installTimers defines setTimeout/setInterval/clearTimeout/clearInterval.
func (l *eventLoop) installTimers(vm *goja.Runtime) error {
	add := func(repeat bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				panic(vm.NewTypeError("the callback must be a function"))
			}
			d := toDelay(call.Argument(1))
			if repeat && d < time.Millisecond {
				d = time.Millisecond // a zero interval would spin the loop
			}
			var args []goja.Value
			if len(call.Arguments) > 2 {
				args = append(args, call.Arguments[2:]...)
			}
			l.nextTimer++
			t := &loopTimer{id: l.nextTimer, when: time.Now().Add(d), fn: fn, args: args}
			if repeat {
				t.interval = d
			}
			l.timers[t.id] = t
			return vm.ToValue(t.id)
		}
	}
	clearFn := func(call goja.FunctionCall) goja.Value {
		if id := call.Argument(0); !goja.IsUndefined(id) && !goja.IsNull(id) {
			delete(l.timers, id.ToInteger())
		}
		return goja.Undefined()
	}
	for name, v := range map[string]any{
		"setTimeout":    add(false),
		"setInterval":   add(true),
		"clearTimeout":  clearFn,
		"clearInterval": clearFn,
	} {
		if err := vm.Set(name, v); err != nil {
			return fmt.Errorf("jsvm: define %s: %w", name, err)
		}
	}
	_, err := vm.RunProgram(microtaskProgram)
	return err
}

func toDelay(v goja.Value) time.Duration {
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return 0
	}
	ms := v.ToFloat()
	if math.IsNaN(ms) || ms < 0 {
		return 0
	}
	if ms > float64(math.MaxInt64/int64(time.Millisecond)) {
		ms = float64(math.MaxInt64 / int64(time.Millisecond))
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// queueMicrotask rides on the promise job queue, which goja drains whenever a
// call returns; an exception in the task surfaces as an unhandled rejection.
var microtaskProgram = goja.MustCompile("jsvm:microtask", `globalThis.queueMicrotask = function queueMicrotask(cb) {
	if (typeof cb !== "function") throw new TypeError("the callback must be a function");
	Promise.resolve().then(function () { cb(); });
};`, true)

// errNeverSettled is returned when a handler's promise is still pending but
// no timer, callback or job is left that could settle it.
var errNeverSettled = errors.New("jsvm: the handler's promise never settled (nothing left that could resolve it)")
