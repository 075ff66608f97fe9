package jsvm

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja_nodejs/require"
)

// ScriptHost runs standalone scripts such as JS migrations. Unlike hook
// scripts they are not pooled: every Run gets a fresh runtime (base globals,
// then the caller's install), so one file's top-level declarations never
// meet another's and a runtime lives only as long as its script runs.
//
// Options are read as for a Manager: HooksDir is the scripts directory
// (used for __hooks, require() and relative file names), Timeout bounds one
// Run (0 = none), Transform rewrites sources, Logger receives console.*.
// Install/Activate/Retire, PoolSize and Watch are ignored.
type ScriptHost struct {
	gen *Generation
}

// NewScriptHost prepares a host; nothing is read until Compile.
func NewScriptHost(opts Options) *ScriptHost {
	opts.Install, opts.Activate, opts.Retire = nil, nil, nil
	m := NewManager(opts)
	g := &Generation{
		m:        m,
		hooksDir: m.hooksDir,
		logger:   m.logger,
		registry: require.NewRegistry(require.WithGlobalFolders(filepath.Join(m.hooksDir, "node_modules"))),
	}
	return &ScriptHost{gen: g}
}

// Dir is the absolute scripts directory.
func (h *ScriptHost) Dir() string { return h.gen.hooksDir }

// MigrationFiles lists the *.js and *.ts files directly inside the scripts
// directory in filename order (a missing directory is an empty list).
func (h *ScriptHost) MigrationFiles() ([]string, error) {
	entries, err := os.ReadDir(h.gen.hooksDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("jsvm: read migrations dir: %w", err)
	}
	var files []string
	for _, e := range entries {
		if e.IsDir() || !isMigrationName(e.Name()) {
			continue
		}
		files = append(files, filepath.Join(h.gen.hooksDir, e.Name()))
	}
	sort.Strings(files)
	return files, nil
}

// Compile reads a script, applies the transform and compiles it once; a
// syntax error is a *ScriptError naming file:line:col.
func (h *ScriptHost) Compile(path string) (*goja.Program, error) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(h.gen.hooksDir, path)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("jsvm: read %s: %w", relName(h.gen.hooksDir, path), err)
	}
	src, err = applyTransform(h.gen.hooksDir, h.gen.m.opts.Transform, path, src)
	if err != nil {
		return nil, err
	}
	ast, err := parser.ParseFile(nil, path, string(src), 0)
	if err != nil {
		return nil, convertError(h.gen.hooksDir, err, 0)
	}
	prg, err := goja.CompileAST(ast, false)
	if err != nil {
		return nil, convertError(h.gen.hooksDir, err, 0)
	}
	return prg, nil
}

// Run builds a fresh runtime, calls install on it (define globals there),
// evaluates prg and settles its event loop, then calls fn — all under one
// time budget. Errors from the script are *ScriptError (file:line:col) or
// *TimeoutError. fn may call JS functions captured by install and settle
// their promises with rt.Await.
func (h *ScriptHost) Run(ctx context.Context, prg *goja.Program, install func(rt *Runtime) error, fn func(rt *Runtime) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	rt, err := h.gen.newRuntime(ctx, true)
	if err != nil {
		return err
	}
	if install != nil {
		if err := safeInstall(install, rt); err != nil {
			return err
		}
	}
	return rt.call(ctx, h.gen.m.opts.Timeout, func() error {
		if _, err := rt.VM.RunProgram(prg); err != nil {
			return err
		}
		if err := rt.loop.run(nil); err != nil {
			return err
		}
		if fn != nil {
			if err := fn(rt); err != nil {
				return err
			}
		}
		return rt.loop.run(nil)
	})
}

// Call calls a JS function on rt (inside Run's fn) and settles the promise
// it returns, if any; exceptions come back as *ScriptError.
func (rt *Runtime) Call(fn goja.Callable, args ...goja.Value) (goja.Value, error) {
	v, err := fn(goja.Undefined(), args...)
	if err != nil {
		return nil, rt.convert(err)
	}
	return rt.Await(v)
}
