package bindings

import (
	"errors"
	"net/http"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/jsvm"
)

// jsError maps what a JS call returned to the error the engine sees:
//   - a Go error the script threw or let through (an ApiError class, an error
//     of e.next() or of $app.save…) is returned as is, keeping its status;
//   - any other exception (new Error("x"), a string) is logged with its
//     file:line:col and stack and answers PocketBase's generic 400;
//   - a timeout answers 504 and is logged.
//
// With --dev the location and stack also go into the error JSON's data.
func (b *Bindings) jsError(err error) error {
	if err == nil {
		return nil
	}
	var te *jsvm.TimeoutError
	if errors.As(err, &te) {
		b.app.Logger().Error("JS handler timed out", "error", te.Error(), "stack", te.Stack)
		apiErr := router.NewApiError(http.StatusGatewayTimeout, "The request took too long to process.", nil)
		if b.app.IsDev() {
			apiErr.Data = map[string]any{"jsError": map[string]any{
				"code": "js_timeout", "message": te.Error(), "stack": te.Stack,
			}}
		}
		return apiErr
	}
	var se *jsvm.ScriptError
	if !errors.As(err, &se) {
		// the VM itself failed (no runtime could be built, a panic…)
		b.app.Logger().Error("JS handler failed", "error", err)
		return router.NewInternalServerError("", nil)
	}
	if cause := se.Unwrap(); cause != nil {
		if b.app.IsDev() {
			b.app.Logger().Debug("JS handler error", "error", se.Error(), "stack", se.Stack)
		}
		return cause
	}
	b.app.Logger().Error("JS handler error", "error", se.Error(), "stack", se.Stack)
	apiErr := router.NewBadRequestError("", nil)
	if b.app.IsDev() {
		apiErr.Data = map[string]any{"jsError": map[string]any{
			"code": "js_exception", "message": se.Error(), "stack": se.Stack,
		}}
	}
	return apiErr
}

// installErrors defines ApiError and its shortcut classes. Instances are
// Go *router.ApiError values, so throwing one answers its status.
func installErrors(rt *jsvm.Runtime) error {
	vm := rt.VM
	type ctor func(message string, data any) *router.ApiError
	shortcuts := map[string]ctor{
		"BadRequestError":      router.NewBadRequestError,
		"NotFoundError":        router.NewNotFoundError,
		"ForbiddenError":       router.NewForbiddenError,
		"UnauthorizedError":    router.NewUnauthorizedError,
		"TooManyRequestsError": router.NewTooManyRequestsError,
		"InternalServerError":  router.NewInternalServerError,
	}
	if err := defineClass(vm, "ApiError", func(call goja.ConstructorCall) any {
		status := int(call.Argument(0).ToInteger())
		return router.NewApiError(status, argString(call.Argument(1)), exportArg(call.Argument(2)))
	}); err != nil {
		return err
	}
	for name, fn := range shortcuts {
		fn := fn
		if err := defineClass(vm, name, func(call goja.ConstructorCall) any {
			return fn(argString(call.Argument(0)), exportArg(call.Argument(1)))
		}); err != nil {
			return err
		}
	}
	return nil
}

// defineClass defines a global constructor whose instances are Go values
// (exposed through the field mapper) with the class prototype, so
// `instanceof` works and JS code can add methods to the prototype.
func defineClass(vm *goja.Runtime, name string, build func(call goja.ConstructorCall) any) error {
	return vm.Set(name, func(call goja.ConstructorCall) *goja.Object {
		obj := vm.ToValue(build(call)).(*goja.Object)
		_ = obj.SetPrototype(call.This.Prototype())
		return obj
	})
}

// argString is "" for undefined/null, else the value as a string.
func argString(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

// exportArg is nil for undefined/null, else the exported Go value.
func exportArg(v goja.Value) any {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	return v.Export()
}
