package bindings

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/hookbase/hookbase/engine/core"
)

// Request events reach JS with a prototype of native functions that stand
// in for some of their Go methods (the field mapper hides those):
//   - xml(), which must encode JS objects (see xmlResponder);
//   - json() and next(), the methods nearly every handler calls. goja makes
//     a new function object, bound through reflection, each time a script
//     reads a Go method (e.json, e.next), and calls it through
//     reflect.Value.Call; the prototype's functions are made once per
//     runtime and call the Go method directly on `this`.
//
// Their behaviour is the Go method's: same arguments, same result, a Go
// error thrown as goja throws it.

// eventProtoKey keys, on each runtime's global object, the prototype given
// to request events (a symbol, so scripts cannot reach or clobber it).
var eventProtoKey = goja.NewSymbol("hookbase.eventProto")

// jsonResponder and nexter are the Go methods the prototype stands in for.
type jsonResponder interface {
	JSON(status int, data any) error
}

type nexter interface {
	Next() error
}

// protoMethods are the Go method names the field mapper hides on request
// events because the prototype defines them.
var protoMethods = map[string]bool{"XML": true, "JSON": true, "Next": true}

// eventValue is e as JS sees it: request events get the prototype above.
func eventValue(vm *goja.Runtime, e any) goja.Value {
	v := vm.ToValue(e)
	if _, ok := e.(xmlResponder); !ok {
		return v
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		return v
	}
	global := vm.GlobalObject()
	proto, _ := global.GetSymbol(eventProtoKey).(*goja.Object)
	if proto == nil {
		proto = newEventProto(vm)
		_ = global.DefineDataPropertySymbol(eventProtoKey, proto, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	}
	_ = obj.SetPrototype(proto)
	return obj
}

func newEventProto(vm *goja.Runtime) *goja.Object {
	proto := vm.NewObject()
	_ = proto.Set("xml", func(call goja.FunctionCall) goja.Value {
		r, ok := call.This.Export().(xmlResponder)
		if !ok {
			throw(vm, fmt.Errorf("e.xml: not called on a request event"))
		}
		must(vm, writeXML(vm, r, int(call.Argument(0).ToInteger()), call.Argument(1)))
		return goja.Undefined()
	})
	_ = proto.Set("json", func(call goja.FunctionCall) goja.Value {
		r, ok := call.This.Export().(jsonResponder)
		if !ok {
			throw(vm, fmt.Errorf("e.json: not called on a request event"))
		}
		status, data := int(call.Argument(0).ToInteger()), exportArg(call.Argument(1))
		if x, isXML := r.(xmlResponder); isXML {
			if handled, err := core.WriteRecordsJSON(x, status, data); handled {
				throwGo(vm, err)
				return goja.Undefined()
			}
		}
		throwGo(vm, r.JSON(status, data))
		return goja.Undefined()
	})
	_ = proto.Set("next", func(call goja.FunctionCall) goja.Value {
		n, ok := call.This.Export().(nexter)
		if !ok {
			throw(vm, fmt.Errorf("e.next: not called on an event"))
		}
		throwGo(vm, n.Next())
		return goja.Undefined()
	})
	return proto
}

// throwGo throws err (when not nil) the way goja does for an error a Go
// method returns: a JS exception passes through as it is, an interrupt
// stays uncatchable, anything else becomes a GoError.
func throwGo(vm *goja.Runtime, err error) {
	switch err.(type) {
	case nil:
		return
	case *goja.Exception, *goja.InterruptedError:
		panic(err)
	default:
		panic(vm.NewGoError(err))
	}
}
