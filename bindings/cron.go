package bindings

import (
	"context"
	"errors"
	"fmt"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/tools/cron"
	"github.com/hookbase/hookbase/jsvm"
)

// installCron defines cronAdd/cronRemove. Jobs are declared at load time
// and (re)scheduled when the generation is activated, replacing the
// previous generation's jobs.
func (b *Bindings) installCron(rt *jsvm.Runtime) error {
	vm := rt.VM
	if err := vm.Set("cronAdd", func(id, expr string, fn goja.Value) {
		ref, err := rt.Register(fn)
		if err != nil {
			throw(vm, fmt.Errorf("cronAdd %q: %w", id, err))
		}
		if err := validateCronExpr(expr); err != nil {
			throw(vm, err)
		}
		rt.Declare(jsvm.Declaration{Kind: kindCron, Args: []any{id, expr}, Handler: ref})
	}); err != nil {
		return err
	}
	return vm.Set("cronRemove", func(id string) {
		if rt.Loading() {
			rt.Declare(jsvm.Declaration{Kind: kindCronRemove, Args: []any{id}, Handler: -1})
			return
		}
		b.app.Cron().Remove(id)
	})
}

// validateCronExpr rejects a bad expression at load time (file:line) by
// trying it on a throwaway scheduler.
func validateCronExpr(expr string) error {
	return cron.New().Add("probe", expr, func() {})
}

// swapCrons schedules gen's jobs and removes the previous generation's
// jobs that gen no longer declares.
func (b *Bindings) swapCrons(gen *jsvm.Generation, decls []jsvm.Declaration) error {
	b.cronMu.Lock()
	defer b.cronMu.Unlock()
	sched := b.app.Cron()
	keep := map[string]bool{}
	var ids []string
	for _, d := range decls {
		switch d.Kind {
		case kindCron:
			id, expr, ref := d.Args[0].(string), d.Args[1].(string), d.Handler
			err := sched.AddFunc(id, expr, func() error {
				returned, err := b.callJSRaw(context.Background(), gen, ref, nil, func(*goja.Runtime) []goja.Value { return nil })
				if err == nil {
					err = returned
				}
				if err != nil {
					// the run history keeps err; the log also gets the JS stack
					attrs := []any{"id", id, "error", err}
					var se *jsvm.ScriptError
					if errors.As(err, &se) && se.Stack != "" {
						attrs = append(attrs, "stack", se.Stack)
					}
					b.app.Logger().Error("cron job failed", attrs...)
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("%s:%d: cronAdd: %w", d.File, d.Line, err)
			}
			keep[id] = true
			ids = append(ids, id)
		case kindCronRemove:
			id := d.Args[0].(string)
			sched.Remove(id)
			delete(keep, id)
		}
	}
	for _, old := range b.cronIDs {
		if !keep[old] {
			sched.Remove(old)
		}
	}
	b.cronIDs = ids
	return nil
}
