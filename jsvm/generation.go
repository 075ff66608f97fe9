package jsvm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"

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
	handlers int // handler count every runtime must reach
	pool     chan *Runtime

	mu       sync.Mutex
	inflight int
	replaced bool
	retired  bool
}

// ID is the generation number, increasing with each load (the first is 1).
func (g *Generation) ID() int64 { return g.id }

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
// runtime is busy a throwaway one is built instead of waiting. Run keeps
// working on a generation that has been replaced or retired.
func (g *Generation) Run(ctx context.Context, fn func(rt *Runtime) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	g.enter()
	defer g.exit()

	rt, err := g.borrow(ctx)
	if err != nil {
		return err
	}
	err = rt.call(ctx, g.m.opts.Timeout, func() error {
		if err := fn(rt); err != nil {
			return err
		}
		return rt.loop.run(rt.ctx, nil)
	})
	g.release(rt)
	return err
}

func (g *Generation) borrow(ctx context.Context) (*Runtime, error) {
	select {
	case rt := <-g.pool:
		return rt, nil
	default:
	}
	rt, err := g.newRuntime(ctx, false)
	if err != nil {
		return nil, fmt.Errorf("jsvm: build extra runtime for generation %d: %w", g.id, err)
	}
	return rt, nil
}

func (g *Generation) release(rt *Runtime) {
	if rt.broken || !rt.loop.idle() {
		rt.loop.reset()
		g.replenish()
		return
	}
	g.mu.Lock()
	retired := g.retired
	g.mu.Unlock()
	if retired {
		return
	}
	select {
	case g.pool <- rt:
	default: // pool full: this was a throwaway runtime
	}
}

// replenish builds a replacement for a dropped runtime in the background so
// the pool stays warm.
func (g *Generation) replenish() {
	g.m.bg.Add(1)
	go func() {
		defer g.m.bg.Done()
		g.mu.Lock()
		retired := g.retired
		g.mu.Unlock()
		if retired {
			return
		}
		rt, err := g.newRuntime(context.Background(), false)
		if err != nil {
			g.logger.Error("jsvm: replacing a runtime failed", "generation", g.id, "error", err)
			return
		}
		select {
		case g.pool <- rt:
		default:
		}
	}()
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
func (g *Generation) drain() {
	for {
		select {
		case rt := <-g.pool:
			rt.loop.reset()
		default:
			return
		}
	}
}

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
		for _, prg := range g.programs {
			if _, err := vm.RunProgram(prg); err != nil {
				return err
			}
		}
		return rt.loop.run(rt.ctx, nil)
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
	primary, err := g.newRuntime(ctx, true)
	if err != nil {
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
			rt, err := g.newRuntime(ctx, false)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
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
