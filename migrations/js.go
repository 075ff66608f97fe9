// Package migrations connects JS migration files to the engine: it registers
// every *.js/*.ts file of the migrations dir into a core.MigrationsList (run
// by core's MigrationsRunner with the shared _migrations history), writes
// migration files (blank, collections snapshot, automigrate diffs) and binds
// automigrate to the collections Web API.
package migrations

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/bindings"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
)

// JSOptions configures the JS migrations loader.
type JSOptions struct {
	// Dir is the migrations directory (--migrationsDir).
	Dir string
	// Timeout bounds one migration's up or down (0 = no limit).
	Timeout time.Duration
	// Logger receives console.* output of the migrations.
	Logger *slog.Logger
	// Transform rewrites sources before compiling; nil = jsvm.DefaultTransform
	// (TypeScript is transpiled).
	Transform jsvm.TransformFunc
}

// RegisterJS compiles every migration file of opts.Dir (filename order) and
// registers it into list under its file name. Compiling up front reports a
// syntax error (file:line) before anything is applied; each file runs later
// in its own fresh runtime, only when its up or down is needed, with the
// usual globals bound to the migration's transaction app. It returns the
// registered file names.
func RegisterJS(list *core.MigrationsList, opts JSOptions) ([]string, error) {
	host := NewHost(opts)
	files, err := host.MigrationFiles()
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for _, path := range files {
		prg, err := host.Compile(path)
		if err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
		m := &jsMigration{host: host, prg: prg, file: filepath.Base(path)}
		list.Register(m.up, m.down, m.file)
		names = append(names, m.file)
	}
	return names, nil
}

// NewHost is the jsvm script host of the migrations dir.
func NewHost(opts JSOptions) *jsvm.ScriptHost {
	return jsvm.NewScriptHost(jsvm.Options{
		HooksDir:  opts.Dir,
		Timeout:   opts.Timeout,
		Logger:    opts.Logger,
		Transform: opts.Transform,
	})
}

// jsMigration is one compiled migration file.
type jsMigration struct {
	host *jsvm.ScriptHost
	prg  *goja.Program
	file string
}

var errNoMigrate = errors.New("migrate() was not called")

func (m *jsMigration) up(txApp *core.App) error   { return m.run(txApp, 0) }
func (m *jsMigration) down(txApp *core.App) error { return m.run(txApp, 1) }

// run evaluates the file in a new runtime and calls the function migrate()
// received at position which (0 up, 1 down); a missing function is a no-op.
func (m *jsMigration) run(txApp *core.App, which int) error {
	var fns [2]goja.Callable
	called := false
	install := func(rt *jsvm.Runtime) error {
		if err := bindings.NewStandalone(txApp, bindings.Options{}).Install(rt); err != nil {
			return err
		}
		return rt.VM.Set("migrate", func(call goja.FunctionCall) goja.Value {
			called = true
			for i := range fns {
				fns[i], _ = goja.AssertFunction(call.Argument(i))
			}
			return goja.Undefined()
		})
	}
	return m.host.Run(context.Background(), m.prg, install, func(rt *jsvm.Runtime) error {
		if !called {
			txApp.Logger().Warn("migrations: "+errNoMigrate.Error(), "file", m.file)
			return nil
		}
		fn := fns[which]
		if fn == nil {
			return nil
		}
		_, err := rt.Call(fn, rt.VM.ToValue(txApp))
		return err
	})
}
