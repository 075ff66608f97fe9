package bindings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/jsvm"
)

// installHelpers defines the small global functions.
func installHelpers(rt *jsvm.Runtime) error {
	vm := rt.VM
	helpers := map[string]any{
		// sleep blocks the handler (not the server) and ends early when the
		// call's time budget runs out, so the timeout can stop it.
		"sleep": func(ms int64) {
			if ms <= 0 {
				return
			}
			timer := time.NewTimer(time.Duration(ms) * time.Millisecond)
			defer timer.Stop()
			select {
			case <-timer.C:
			case <-rt.Context().Done():
				throw(vm, rt.Context().Err())
			}
		},
		"toString": func(v goja.Value) string {
			s, err := valueToString(v)
			must(vm, err)
			return s
		},
		"toBytes": func(v goja.Value) []byte {
			b, err := valueToBytes(v)
			must(vm, err)
			return b
		},
		"readerToString": func(r io.Reader, maxBytes int64) string {
			if maxBytes > 0 {
				r = io.LimitReader(r, maxBytes)
			}
			raw, err := io.ReadAll(r)
			must(vm, err)
			return string(raw)
		},
		// arrayOf(model) is a pointer to an empty slice of model's type, for
		// query methods that fill a slice (.all()); JS sees it as an array.
		"arrayOf": func(model any) any {
			if model == nil {
				return &[]any{}
			}
			return reflect.New(reflect.SliceOf(reflect.TypeOf(model))).Interface()
		},
		// unmarshal(data, target) loads plain data into a Go value (a
		// Collection, a Record, a DynamicModel…) through JSON.
		"unmarshal": func(data goja.Value, target goja.Value) {
			dst := target.Export()
			if dst == nil || reflect.TypeOf(dst).Kind() != reflect.Pointer {
				throw(vm, errors.New("unmarshal: the target must be a Go model (e.g. a Collection or DynamicModel)"))
			}
			var src any
			if b, err := valueToBytes(data); err == nil && isStringOrBytes(data) {
				src = json.RawMessage(b)
			} else {
				src = data.Export()
			}
			must(vm, jsonCopy(src, dst))
		},
	}
	for name, fn := range helpers {
		if err := vm.Set(name, fn); err != nil {
			return err
		}
	}
	return nil
}

func isStringOrBytes(v goja.Value) bool {
	switch v.Export().(type) {
	case string, []byte:
		return true
	}
	return false
}

// valueToString is toString(): bytes and readers as text, strings as is,
// anything else as JSON.
func valueToString(v goja.Value) (string, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return "", nil
	}
	switch x := v.Export().(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case *[]byte: // a []byte field of a Go struct (e.g. SubscriptionMessage.data)
		return string(*x), nil
	case io.Reader:
		raw, err := io.ReadAll(x)
		return string(raw), err
	case []any:
		if b, ok := numbersToBytes(x); ok {
			return string(b), nil
		}
	case goja.ArrayBuffer:
		return string(x.Bytes()), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	raw, err := json.Marshal(v.Export())
	return string(raw), err
}

// valueToBytes is toBytes(): the byte form of valueToString.
func valueToBytes(v goja.Value) ([]byte, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return []byte{}, nil
	}
	switch x := v.Export().(type) {
	case []byte:
		return x, nil
	case *[]byte:
		return *x, nil
	case []any:
		if b, ok := numbersToBytes(x); ok {
			return b, nil
		}
	}
	s, err := valueToString(v)
	return []byte(s), err
}

func numbersToBytes(items []any) ([]byte, bool) {
	out := make([]byte, len(items))
	for i, item := range items {
		switch n := item.(type) {
		case int64:
			out[i] = byte(n)
		case float64:
			out[i] = byte(n)
		default:
			return nil, false
		}
	}
	return out, true
}
