package jsvm

import (
	"log/slog"
	"strings"

	"github.com/dop251/goja"
)

// installConsole defines console.* writing to the generation's slog logger.
// Output from non-primary runtimes is muted while the scripts load, so
// top-level logging shows once per generation rather than once per runtime.
func installConsole(rt *Runtime) error {
	vm := rt.VM
	console := vm.NewObject()
	levels := map[string]slog.Level{
		"log": slog.LevelInfo, "info": slog.LevelInfo, "warn": slog.LevelWarn,
		"error": slog.LevelError, "debug": slog.LevelDebug, "trace": slog.LevelDebug,
	}
	for name, level := range levels {
		err := console.Set(name, func(call goja.FunctionCall) goja.Value {
			if !rt.muted {
				rt.gen.logger.Log(rt.Context(), level, formatConsole(vm, call.Arguments))
			}
			return goja.Undefined()
		})
		if err != nil {
			return err
		}
	}
	return vm.Set("console", console)
}

// formatConsole follows console.log's shape: an optional printf-style first
// argument (%s %d %i %f %j %o %O %%), then the remaining values space-separated.
func formatConsole(vm *goja.Runtime, args []goja.Value) string {
	if len(args) == 0 {
		return ""
	}
	var b strings.Builder
	rest := args
	if s, ok := args[0].Export().(string); ok && strings.ContainsRune(s, '%') {
		rest = args[1:]
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c != '%' || i+1 == len(s) {
				b.WriteByte(c)
				continue
			}
			verb := s[i+1]
			if verb == '%' {
				b.WriteByte('%')
				i++
				continue
			}
			if !strings.ContainsRune("sdifjoO", rune(verb)) || len(rest) == 0 {
				b.WriteByte(c)
				continue
			}
			v := rest[0]
			rest = rest[1:]
			i++
			switch verb {
			case 's':
				b.WriteString(inspect(vm, v))
			case 'd', 'i':
				b.WriteString(vm.ToValue(v.ToInteger()).String())
			case 'f':
				b.WriteString(v.ToNumber().String())
			default:
				b.WriteString(inspect(vm, v))
			}
		}
	} else {
		b.WriteString(inspect(vm, args[0]))
		rest = args[1:]
	}
	for _, v := range rest {
		b.WriteByte(' ')
		b.WriteString(inspect(vm, v))
	}
	return b.String()
}

// inspect renders a value for a log line: strings raw, errors with their
// stack, plain objects and arrays as JSON.
func inspect(vm *goja.Runtime, v goja.Value) string {
	obj, ok := v.(*goja.Object)
	if !ok {
		if v == nil {
			return "undefined"
		}
		return v.String()
	}
	if _, isFn := goja.AssertFunction(obj); isFn {
		return "[Function: " + obj.Get("name").String() + "]"
	}
	if obj.ClassName() == "Error" {
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) {
			return st.String()
		}
		return obj.String()
	}
	if json, ok := vm.Get("JSON").(*goja.Object); ok {
		if stringify, ok := goja.AssertFunction(json.Get("stringify")); ok {
			if out, err := stringify(json, obj); err == nil && !goja.IsUndefined(out) {
				return out.String()
			}
		}
	}
	return obj.String()
}
