package jsvm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
	"github.com/dop251/goja_nodejs/process"
	"github.com/dop251/goja_nodejs/require"
)

// Generation is one loaded set of scripts: their compiled programs, a pool of
// runtimes that all evaluated them, and what they declared. A generation is
// immutable once current; hot reload builds a new one and swaps it in.
type Generation struct {
	id       int64
	m        *Manager
	hooksDir string
	logger   *slog.Logger
	files    []string
	programs []*goja.Program
	registry *require.Registry // shared so each module is compiled once per generation
	decls    []Declaration
	handlers int           // handler count every runtime must reach
	pool     chan *Runtime // idle runtimes; cap MaxRuntimes, so a send never blocks
	// slots holds one token per runtime that exists (idle, busy or being
	// built): taking one is the permission to build, so len(slots) never
	// exceeds Options.MaxRuntimes.
	slots   chan struct{}
	waiting atomic.Int32 // callers in borrow waiting for a runtime
	peak    atomic.Int32 // the most runtimes that existed at once
	built   atomic.Int64 // runtimes built after the initial fill (extras, replacements)
	// needed is when a call last found no idle runtime (unix ns): extra
	// runtimes stay pooled until KeepExtras after it.
	needed   atomic.Int64
	trimming atomic.Bool // a trim is scheduled

	mu       sync.Mutex
	inflight int
	replaced bool
	retired  bool
}

// ID is the generation number, increasing with each load (the first is 1).
func (g *Generation) ID() int64 { return g.id }

// HooksDir is the directory the generation's scripts were loaded from.
func (g *Generation) HooksDir() string { return g.hooksDir }

// Files lists the absolute paths of the scripts, in load order.
func (g *Generation) Files() []string { return append([]string(nil), g.files...) }

// Declarations returns what the primary runtime declared, in order.
func (g *Generation) Declarations() []Declaration { return append([]Declaration(nil), g.decls...) }

// HandlerCount is the number of handlers each runtime registered.
func (g *Generation) HandlerCount() int { return g.handlers }

// Run borrows a runtime for exactly this call: it arms the time budget (ctx
// deadline or Options.Timeout), runs fn, then runs the event loop until the
// work started during the call has settled, and hands the runtime back — or
// drops it when it was interrupted or left work behind. When every pooled
// runtime is busy an extra one is built while Options.MaxRuntimes allows,
// else Run waits for one; the wait counts against the call's budget. Run
// keeps working on a generation that has been replaced or retired.
func (g *Generation) Run(ctx context.Context, fn func(rt *Runtime) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// one budget from here: the wait for a runtime counts against it
	limit := g.m.opts.Timeout
	var deadline time.Time
	if limit > 0 {
		deadline = time.Now().Add(limit)
	}
	g.enter()
	defer g.exit()

	rt, err := g.borrow(ctx, deadline)
	if err != nil {
		return err
	}
	err = rt.callUntil(ctx, deadline, limit, func() error {
		if err := fn(rt); err != nil {
			return err
		}
		return rt.loop.run(nil)
	})
	g.release(rt)
	return err
}

// borrow takes an idle runtime, else builds an extra one within the
// bound, else waits for whichever comes first: a runtime handed back, a
// slot freed by a dropped one, the deadline or the end of ctx.
func (g *Generation) borrow(ctx context.Context, deadline time.Time) (*Runtime, error) {
	select {
	case rt := <-g.pool:
		return rt, nil
	default:
	}
	// off the fast path: building or waiting is bounded by the call's budget
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	select {
	case rt := <-g.pool:
		return rt, nil
	case g.slots <- struct{}{}:
		return g.buildExtra(ctx)
	default:
	}
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	select {
	case rt := <-g.pool:
		return rt, nil
	case g.slots <- struct{}{}:
		return g.buildExtra(ctx)
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("jsvm: every runtime of generation %d is busy (limit %d): %w",
				g.id, cap(g.slots), &TimeoutError{Limit: g.m.opts.Timeout})
		}
		return nil, fmt.Errorf("jsvm: call canceled while waiting for a runtime: %w", ctx.Err())
	}
}

// buildExtra builds a runtime for a slot the caller already took.
func (g *Generation) buildExtra(ctx context.Context) (*Runtime, error) {
	g.notePeak()
	g.built.Add(1)
	g.needed.Store(time.Now().UnixNano())
	rt, err := g.newRuntime(ctx, false)
	if err != nil {
		<-g.slots
		return nil, fmt.Errorf("jsvm: build extra runtime for generation %d: %w", g.id, err)
	}
	return rt, nil
}

// notePeak records how many runtimes exist right after a slot was taken.
func (g *Generation) notePeak() {
	n := int32(len(g.slots))
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

// release hands rt back: to the pool while it is short of PoolSize or a
// caller waits, or while extra runtimes were needed within KeepExtras (a
// load just above PoolSize would otherwise build and drop a runtime again
// and again: milliseconds of CPU and a heap of garbage each time); else
// (an extra runtime after a burst) it is dropped.
func (g *Generation) release(rt *Runtime) {
	if rt.broken || !rt.loop.idle() {
		rt.loop.reset()
		g.drop()
		g.replenish()
		return
	}
	// The pool's length is checked and the runtime pushed under mu:
	// concurrent releases after a burst would each see room below
	// PoolSize and all push (and a retire between check and push would
	// strand the runtime in a drained pool). The send never blocks: the
	// pool's capacity is MaxRuntimes.
	g.mu.Lock()
	if g.retired {
		g.mu.Unlock()
		g.drop()
		return
	}
	if len(g.pool) < g.m.opts.PoolSize || g.waiting.Load() > 0 {
		g.pool <- rt
		g.mu.Unlock()
		return
	}
	keep := g.neededRecently()
	if keep {
		g.pool <- rt
	}
	g.mu.Unlock()
	if keep {
		g.scheduleTrim()
		return
	}
	g.drop()
}

func (g *Generation) neededRecently() bool {
	keep := g.m.opts.KeepExtras
	return keep > 0 && time.Since(time.Unix(0, g.needed.Load())) < keep
}

// scheduleTrim makes sure idle extras are dropped once they have not been
// needed for KeepExtras, even if no call comes to release one.
func (g *Generation) scheduleTrim() {
	if !g.trimming.CompareAndSwap(false, true) {
		return
	}
	wait := g.m.opts.KeepExtras - time.Since(time.Unix(0, g.needed.Load()))
	time.AfterFunc(max(wait, time.Millisecond), func() {
		g.trimming.Store(false)
		if g.neededRecently() {
			g.scheduleTrim()
			return
		}
		g.dropPooled(g.m.opts.PoolSize)
	})
}

// dropPooled drops idle runtimes until at most keep are pooled.
func (g *Generation) dropPooled(keep int) {
	for len(g.pool) > keep {
		select {
		case rt := <-g.pool:
			rt.loop.reset()
			g.drop()
		default:
			return
		}
	}
}

// drop forgets a runtime, freeing its slot for a waiting caller.
func (g *Generation) drop() { <-g.slots }

// PoolStats describes a generation's runtimes at the moment of the call.
type PoolStats struct {
	Live    int // runtimes that exist: idle, busy or being built
	Idle    int // runtimes waiting in the pool
	Waiting int // calls waiting for a runtime
	Peak    int // the most runtimes that existed at once
	Max     int // Options.MaxRuntimes
	Built   int // runtimes built after the initial fill (bursts, replacements)
}

// PoolStats reports the generation's runtime counts.
func (g *Generation) PoolStats() PoolStats {
	return PoolStats{Live: len(g.slots), Idle: len(g.pool), Waiting: int(g.waiting.Load()),
		Peak: int(g.peak.Load()), Max: cap(g.slots), Built: int(g.built.Load())}
}

// replenish builds a replacement for a dropped runtime in the background so
// the pool stays warm.
func (g *Generation) replenish() {
	g.m.goBackground(func() {
		g.mu.Lock()
		retired := g.retired
		g.mu.Unlock()
		if retired || len(g.pool) >= g.m.opts.PoolSize {
			return
		}
		select {
		case g.slots <- struct{}{}:
		default:
			return // at the bound: busy callers hold every runtime there may be
		}
		g.notePeak()
		g.built.Add(1)
		rt, err := g.newRuntime(context.Background(), false)
		if err != nil {
			g.drop()
			g.logger.Error("jsvm: replacing a runtime failed", "generation", g.id, "error", err)
			return
		}
		g.pool <- rt
	})
}

func (g *Generation) enter() {
	g.mu.Lock()
	g.inflight++
	g.mu.Unlock()
}

func (g *Generation) exit() {
	g.mu.Lock()
	g.inflight--
	retire := g.replaced && !g.retired && g.inflight == 0
	if retire {
		g.retired = true
	}
	g.mu.Unlock()
	if retire {
		g.m.retire(g)
	}
}

// markReplaced is called once g stops being current; it retires when drained.
func (g *Generation) markReplaced() {
	g.mu.Lock()
	g.replaced = true
	retire := !g.retired && g.inflight == 0
	if retire {
		g.retired = true
	}
	g.mu.Unlock()
	if retire {
		g.m.retire(g)
	}
}

// drain drops the pooled runtimes of a retired generation.
func (g *Generation) drain() { g.dropPooled(0) }

// newRuntime builds a runtime and evaluates every script in it. Non-primary
// runtimes keep console quiet while loading so top-level output shows once.
func (g *Generation) newRuntime(ctx context.Context, primary bool) (rt *Runtime, err error) {
	vm := goja.New()
	rt = &Runtime{VM: vm, gen: g, primary: primary, loading: true, muted: !primary}
	rt.loop = newEventLoop(rt)
	vm.SetPromiseRejectionTracker(rt.loop.track)

	if err := g.installBase(rt); err != nil {
		return nil, err
	}
	if install := g.m.opts.Install; install != nil {
		if err := safeInstall(install, rt); err != nil {
			return nil, err
		}
	}

	err = rt.call(ctx, g.m.opts.LoadTimeout, func() error {
		for i, prg := range g.programs {
			if _, err := vm.RunProgram(prg); err != nil {
				return &FileError{File: relName(g.hooksDir, g.files[i]), Err: rt.convert(err)}
			}
		}
		return rt.loop.run(nil)
	})
	rt.loading, rt.muted = false, false
	if err != nil {
		return nil, err
	}
	if rt.broken {
		return nil, errors.New("jsvm: top-level script code left work pending")
	}
	if !primary && len(rt.handlers) != g.handlers {
		return nil, fmt.Errorf("jsvm: a runtime registered %d handlers but the primary registered %d: "+
			"top-level code must register the same handlers in every runtime (no conditions on randomness, time or Primary())",
			len(rt.handlers), g.handlers)
	}
	return rt, nil
}

func (g *Generation) installBase(rt *Runtime) error {
	vm := rt.VM
	g.registry.Enable(vm)
	buffer.Enable(vm)
	process.Enable(vm)
	if err := vm.Set("__hooks", g.hooksDir); err != nil {
		return err
	}
	if err := installConsole(rt); err != nil {
		return err
	}
	return rt.loop.installTimers(vm)
}

func safeInstall(install func(*Runtime) error, rt *Runtime) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("jsvm: Install panicked: %v", r)
		}
	}()
	if err := install(rt); err != nil {
		return fmt.Errorf("jsvm: Install: %w", err)
	}
	return nil
}

// fillPool builds the primary runtime, then the rest of the pool in parallel.
func (g *Generation) fillPool(ctx context.Context, size int) error {
	g.slots <- struct{}{} // MaxRuntimes >= size: never blocks
	g.notePeak()
	primary, err := g.newRuntime(ctx, true)
	if err != nil {
		g.drop()
		return err
	}
	g.handlers = len(primary.handlers)
	g.pool <- primary

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	)
	for i := 1; i < size; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			g.slots <- struct{}{}
			g.notePeak()
			rt, err := g.newRuntime(ctx, false)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				g.drop()
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			g.pool <- rt
		}()
	}
	wg.Wait()
	return firstErr
}
