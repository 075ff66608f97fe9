// Package jsvm runs the pb_hooks scripts: it compiles them once per
// generation, keeps a pool of goja runtimes that each evaluated them (so a
// handler is a real closure of the runtime that runs it and top-level code is
// in scope), drives a per-call event loop (timers, promises, async Go work),
// turns JS exceptions into located errors, stops runaway calls, and swaps in a
// new generation when the scripts change without failing in-flight requests.
//
// Module state: require() caches modules per runtime, so a module's top-level
// state exists once per pooled runtime, not once per process. State that must
// be shared goes through Go (a store, the database).
//
// The package knows nothing of the engine; the bindings define globals in
// Options.Install and bind what the scripts declared in Options.Activate.
// Between Activate(new) and Retire(old) both generations exist, so bindings
// should swap a dispatch table in Activate rather than add engine hooks per
// generation (which would fire twice until the old one retires).
//
// Each Generation.Run borrows its own runtime: a JS handler whose Go call
// triggers another JS hook runs that hook on a second runtime (own globals,
// own module state), exactly as a concurrent request would.
package jsvm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja_nodejs/require"
)

// Options configures a Manager.
type Options struct {
	HooksDir string // directory of the *.pb.js scripts (absolute or relative to the cwd)
	PoolSize int    // pre-warmed runtimes per generation; default 15
	// MaxRuntimes bounds the runtimes one generation holds at once (pooled,
	// busy and being built). A call that finds every pooled runtime busy
	// builds an extra one while the bound allows, else waits for a free one
	// (within its ctx and Timeout). Default DefaultMaxRuntimes(PoolSize);
	// never below PoolSize.
	MaxRuntimes int
	// KeepExtras is how long runtimes built beyond PoolSize stay pooled
	// after the last call that found none idle; default 10s, <0 drops
	// them as soon as they are handed back.
	KeepExtras  time.Duration
	Timeout     time.Duration // budget per Run call; 0 means only the ctx deadline applies
	LoadTimeout time.Duration // budget for evaluating the scripts in one runtime; default 30s
	Watch       bool          // reload when files under HooksDir change
	Debounce    time.Duration // quiet time after the last change before reloading; default 100ms
	Logger      *slog.Logger  // default slog.Default()

	// Install defines globals on every new runtime before the scripts run.
	// It is called concurrently for different runtimes.
	Install func(rt *Runtime) error
	// Activate is called with a fully loaded generation before it becomes
	// current; an error rejects it and the previous generation stays.
	Activate func(gen *Generation) error
	// Retire is called once a generation given to Activate is no longer
	// current (or was rejected) and has no call in flight.
	Retire func(gen *Generation)
	// Transform rewrites each script's source before it is compiled;
	// nil means DefaultTransform (TypeScript → JS with esbuild, see
	// transpile.go).
	Transform TransformFunc
}

// Manager owns the current generation and replaces it on reload.
type Manager struct {
	opts     Options
	hooksDir string
	logger   *slog.Logger

	current atomic.Pointer[Generation]
	nextID  atomic.Int64

	reloadMu sync.Mutex // one load at a time
	bgMu     sync.Mutex // orders bg.Add before Close's bg.Wait
	bgClosed bool       // Close is waiting: later background work is not waited for
	bg       sync.WaitGroup
	stop     context.CancelFunc
	watchWG  sync.WaitGroup
	closed   atomic.Bool
}

// NewManager applies defaults; nothing is loaded until Start.
func NewManager(opts Options) *Manager {
	if opts.PoolSize <= 0 {
		opts.PoolSize = 15
	}
	if opts.MaxRuntimes <= 0 {
		opts.MaxRuntimes = DefaultMaxRuntimes(opts.PoolSize)
	}
	opts.MaxRuntimes = max(opts.MaxRuntimes, opts.PoolSize)
	if opts.KeepExtras == 0 {
		opts.KeepExtras = 10 * time.Second
	}
	if opts.LoadTimeout <= 0 {
		opts.LoadTimeout = 30 * time.Second
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 100 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	dir := opts.HooksDir
	if dir == "" {
		dir = "pb_hooks"
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	// module paths come back from require() with symlinks resolved; match them
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return &Manager{opts: opts, hooksDir: dir, logger: opts.Logger}
}

// HooksDir is the absolute hooks directory.
func (m *Manager) HooksDir() string { return m.hooksDir }

// Start loads the first generation and, with Watch, starts watching. A
// hook file that fails to load is logged (file:line) and left out, and the
// other files load and serve, as PocketBase does; the errors are returned.
// When a failure can't be pinned on one file, the manager runs an empty
// generation so the server can serve and a later fix reloads.
func (m *Manager) Start(ctx context.Context) error {
	loadErr := m.loadSkippingBrokenFiles(ctx)
	if loadErr != nil && m.current.Load() == nil {
		empty, err := m.build(ctx, true, nil)
		if err == nil {
			err = m.activate(empty)
		}
		if err != nil {
			return errors.Join(loadErr, fmt.Errorf("jsvm: empty generation: %w", err))
		}
	}
	if m.opts.Watch {
		wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		m.stop = cancel
		if err := m.startWatcher(wctx); err != nil {
			m.logger.Error("jsvm: cannot watch hooks dir", "dir", m.hooksDir, "error", err)
		}
		go func() {
			<-ctx.Done()
			cancel()
		}()
	}
	return loadErr
}

// Current is the generation new calls should use. It is never nil after Start.
func (m *Manager) Current() *Generation { return m.current.Load() }

// Reload builds a new generation from the files on disk and swaps it in,
// all or nothing: on failure the error (file:line:col: message) is logged
// with the file that blocked the reload and returned, and the previous
// generation keeps serving.
func (m *Manager) Reload() error {
	if m.closed.Load() {
		return errors.New("jsvm: manager closed")
	}
	m.reloadMu.Lock()
	defer m.reloadMu.Unlock()
	start := time.Now()
	gen, err := m.build(context.Background(), false, nil)
	if err == nil {
		err = m.activate(gen)
	}
	if err != nil {
		if file := failedFile(err); file != "" {
			m.logger.Error("jsvm: "+file+" blocked the reload, keeping the previous generation: "+err.Error(), "dir", m.hooksDir, "file", file)
		} else {
			m.logger.Error("jsvm: loading hooks failed, keeping the previous generation: "+err.Error(), "dir", m.hooksDir)
		}
		return err
	}
	m.logger.Debug("jsvm: hooks loaded", "generation", gen.id, "files", len(gen.files), "took", time.Since(start))
	return nil
}

// loadSkippingBrokenFiles is the start-up load: each file that fails to
// load is logged and left out, and the rest is loaded again, until a
// generation loads or a failure names no file. It returns every error.
func (m *Manager) loadSkippingBrokenFiles(ctx context.Context) error {
	if m.closed.Load() {
		return errors.New("jsvm: manager closed")
	}
	m.reloadMu.Lock()
	defer m.reloadMu.Unlock()
	start := time.Now()
	skip := map[string]bool{}
	var errs []error
	for {
		gen, err := m.build(ctx, false, skip)
		if err == nil {
			err = m.activate(gen)
		}
		if err == nil {
			m.logger.Debug("jsvm: hooks loaded", "generation", gen.id, "files", len(gen.files), "skipped", len(skip), "took", time.Since(start))
			return errors.Join(errs...)
		}
		errs = append(errs, err)
		file := failedFile(err)
		if file == "" || skip[file] {
			m.logger.Error("jsvm: loading hooks failed: "+err.Error(), "dir", m.hooksDir)
			return errors.Join(errs...)
		}
		skip[file] = true
		m.logger.Error("jsvm: "+file+" failed to load and is left out, the other hook files still load: "+err.Error(), "dir", m.hooksDir, "file", file)
	}
}

// activate hands gen to Options.Activate and makes it current.
func (m *Manager) activate(gen *Generation) error {
	if m.opts.Activate != nil {
		if err := safeActivate(m.opts.Activate, gen); err != nil {
			gen.markReplaced() // never current: retire it right away
			return fmt.Errorf("jsvm: activate generation %d: %w", gen.id, err)
		}
	}
	if old := m.current.Swap(gen); old != nil {
		old.markReplaced()
	}
	return nil
}

func safeActivate(activate func(*Generation) error, gen *Generation) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return activate(gen)
}

// DefaultMaxRuntimes is the runtime bound of a generation with a pool of
// poolSize: twice the pool, so a burst gets as many extra runtimes as
// there are pooled ones before callers start to wait.
func DefaultMaxRuntimes(poolSize int) int { return 2 * poolSize }

// goBackground runs fn on its own goroutine; Close waits for the ones
// started before it. The mutex makes every bg.Add happen before Close's
// bg.Wait (WaitGroup forbids an Add from zero racing a Wait); work that
// starts after Close began (a generation that drains later) still runs.
func (m *Manager) goBackground(fn func()) {
	m.bgMu.Lock()
	if m.bgClosed {
		m.bgMu.Unlock()
		go fn()
		return
	}
	m.bg.Add(1)
	m.bgMu.Unlock()
	go func() {
		defer m.bg.Done()
		fn()
	}()
}

// retire drops a drained generation's runtimes and tells the bindings.
func (m *Manager) retire(g *Generation) {
	m.goBackground(func() {
		g.drain()
		if m.opts.Retire != nil {
			func() {
				defer func() {
					if r := recover(); r != nil {
						m.logger.Error("jsvm: Retire panicked", "generation", g.id, "panic", r)
					}
				}()
				m.opts.Retire(g)
			}()
		}
	})
}

// Close stops watching and retires the current generation once it drains.
// It waits for background work (replacement runtimes, Retire callbacks) that
// has already started.
func (m *Manager) Close() error {
	if m.closed.Swap(true) {
		return nil
	}
	if m.stop != nil {
		m.stop()
	}
	m.watchWG.Wait()
	m.reloadMu.Lock()
	if g := m.current.Load(); g != nil {
		g.markReplaced()
	}
	m.reloadMu.Unlock()
	m.bgMu.Lock()
	m.bgClosed = true
	m.bgMu.Unlock()
	m.bg.Wait()
	return nil
}

// build compiles the scripts (but the skipped ones, by name relative to
// the hooks dir) and fills a new generation's pool. With empty, no script
// is loaded (the fallback after a failed start).
func (m *Manager) build(ctx context.Context, empty bool, skip map[string]bool) (*Generation, error) {
	g := &Generation{
		id:       m.nextID.Add(1),
		m:        m,
		hooksDir: m.hooksDir,
		logger:   m.logger,
		pool:     make(chan *Runtime, m.opts.MaxRuntimes),
		slots:    make(chan struct{}, m.opts.MaxRuntimes),
		registry: require.NewRegistry(
			require.WithGlobalFolders(filepath.Join(m.hooksDir, "node_modules")),
		),
	}
	if !empty {
		files, programs, err := compileScripts(m.hooksDir, m.opts.Transform, skip)
		if err != nil {
			return nil, err
		}
		g.files, g.programs = files, programs
	}
	// Without scripts nothing borrows a runtime but the rare direct caller
	// (a console or test): build one, and let load grow the pool (borrow
	// builds extras, release keeps up to PoolSize). 15 idle runtimes are
	// ~4 MiB that a server without pb_hooks never uses.
	size := m.opts.PoolSize
	if len(g.files) == 0 {
		size = 1
	}
	if err := g.fillPool(ctx, size); err != nil {
		g.mu.Lock()
		g.retired = true
		g.mu.Unlock()
		g.drain()
		return nil, err
	}
	return g, nil
}

// scriptFiles lists the top-level hook scripts in filename order.
func scriptFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil // no hooks dir: nothing to load
	}
	if err != nil {
		return nil, fmt.Errorf("jsvm: read hooks dir: %w", err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".pb.js") && !strings.HasSuffix(name, ".pb.ts") {
			continue
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err != nil || fi.IsDir() {
			continue
		}
		files = append(files, p)
	}
	sort.Strings(files)
	return files, nil
}

// compileScripts parses each script once; the programs are shared by every
// runtime of the generation. Each source goes through the transform first,
// so *.pb.ts files are transpiled TypeScript by the time they are parsed.
// Files named in skip (relative to dir) are left out.
func compileScripts(dir string, transform TransformFunc, skip map[string]bool) ([]string, []*goja.Program, error) {
	all, err := scriptFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	files := make([]string, 0, len(all))
	programs := make([]*goja.Program, 0, len(all))
	for _, f := range all {
		name := relName(dir, f)
		if skip[name] {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, &FileError{File: name, Err: fmt.Errorf("jsvm: read %s: %w", name, err)}
		}
		if src, err = applyTransform(dir, transform, f, src); err != nil {
			return nil, nil, &FileError{File: name, Err: err}
		}
		// parse separately from compiling: goja.Compile drops the error position
		ast, err := parser.ParseFile(nil, f, string(src), 0)
		if err != nil {
			return nil, nil, &FileError{File: name, Err: convertError(dir, err, 0)}
		}
		prg, err := goja.CompileAST(ast, false)
		if err != nil {
			return nil, nil, &FileError{File: name, Err: convertError(dir, err, 0)}
		}
		files = append(files, f)
		programs = append(programs, prg)
	}
	return files, programs, nil
}
