package bindings

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/realtime"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/jsvm"
	"github.com/spf13/cobra"
)

// installExtraClasses defines the less common classes of PocketBase's JS
// API: Command, Timezone, SubscriptionMessage, Context, FormData,
// RecordUpsertForm and the null*() DynamicModel shape helpers.
func (b *Bindings) installExtraClasses(rt *jsvm.Runtime) error {
	vm := rt.VM
	classes := map[string]func(call goja.ConstructorCall) any{
		// Command is a cobra command built from its options, as in
		// PocketBase. hookbase's CLI does not load JS commands (there is no
		// $app.rootCmd), so the value can be built and inspected, not run.
		"Command": func(call goja.ConstructorCall) any {
			cmd := &cobra.Command{}
			setOptions(vm, "Command", cmd, call.Argument(0))
			return cmd
		},
		// Timezone is time.LoadLocation(name); like PocketBase, an empty or
		// unknown name gives UTC instead of throwing.
		"Timezone": func(call goja.ConstructorCall) any {
			loc, err := time.LoadLocation(argString(call.Argument(0)))
			if err != nil {
				return time.UTC
			}
			return loc
		},
		"SubscriptionMessage": func(call goja.ConstructorCall) any {
			msg := &realtime.Message{}
			opts, _ := exportArg(call.Argument(0)).(map[string]any)
			msg.Name, _ = opts["name"].(string)
			data, err := messageData(opts["data"])
			must(vm, err)
			msg.Data = data
			return msg
		},
		// Context(parent?, key?, value?) is a Go context.Context; a key
		// adds a value readable with ctx.value(key) by it and its children.
		"Context": func(call goja.ConstructorCall) any {
			parent, ok := exportArg(call.Argument(0)).(context.Context)
			if !ok || parent == nil {
				parent = context.Background()
			}
			key := exportArg(call.Argument(1))
			if key == nil {
				return &jsContext{parent}
			}
			if !reflect.TypeOf(key).Comparable() {
				throw(vm, fmt.Errorf("new Context: the key must be a string, number or boolean, not %T", key))
			}
			return &jsContext{context.WithValue(parent, key, exportArg(call.Argument(2)))}
		},
		"FormData": func(call goja.ConstructorCall) any {
			return &FormData{}
		},
		"RecordUpsertForm": func(call goja.ConstructorCall) any {
			app, _ := exportArg(call.Argument(0)).(*core.App)
			record, _ := exportArg(call.Argument(1)).(*core.Record)
			if app == nil || record == nil {
				throw(vm, fmt.Errorf("new RecordUpsertForm: expected (app, record)"))
			}
			return NewRecordUpsertForm(app, record)
		},
	}
	for name, build := range classes {
		if err := defineClass(vm, name, build); err != nil {
			return err
		}
	}
	for name, kind := range nullKinds {
		kind := kind
		if err := vm.Set(name, func() nullShape { return nullShape{kind} }); err != nil {
			return err
		}
	}
	return nil
}

// jsContext is a context.Context as JS sees it: ctx.value(key) and the
// other context methods, usable wherever a Go API takes a context.
type jsContext struct{ context.Context }

// setOptions assigns each key of the options object to the Go struct
// behind target (through the field mapper, so {use, run} fill Use and Run).
func setOptions(vm *goja.Runtime, class string, target any, options goja.Value) {
	if options == nil || goja.IsUndefined(options) || goja.IsNull(options) {
		return
	}
	src := options.ToObject(vm)
	obj := vm.ToValue(target).(*goja.Object)
	for _, key := range src.Keys() {
		if !hasField(obj, key) {
			throw(vm, fmt.Errorf("new %s: unknown option %q", class, key))
		}
		if err := obj.Set(key, src.Get(key)); err != nil {
			throw(vm, fmt.Errorf("new %s: option %q: %w", class, key, err))
		}
	}
}

func hasField(obj *goja.Object, key string) bool {
	for _, k := range obj.Keys() {
		if k == key {
			return true
		}
	}
	return false
}

// messageData is the payload of a SubscriptionMessage: text as is (the
// documented form is a JSON string), bytes as is, anything else as JSON.
func messageData(v any) ([]byte, error) {
	switch d := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []byte(d), nil
	case []byte:
		return d, nil
	}
	return json.Marshal(v)
}

// nullShape is what nullString()…nullObject() return: a DynamicModel
// shape value declaring a nullable column of that kind.
type nullShape struct{ kind string }

var nullKinds = map[string]string{
	"nullString": "string", "nullInt": "int", "nullFloat": "float",
	"nullBool": "bool", "nullArray": "array", "nullObject": "object",
}

// nullableFieldType is the Go type of a nullable DynamicModel column: a
// pointer, so NULL scans to nil (JS null, JSON null) instead of failing.
func nullableFieldType(kind string) reflect.Type {
	switch kind {
	case "int":
		return reflect.TypeFor[*int64]()
	case "float":
		return reflect.TypeFor[*float64]()
	case "bool":
		return reflect.TypeFor[*bool]()
	case "array":
		return reflect.TypeFor[*types.JSONArray[any]]()
	case "object":
		return reflect.TypeFor[*types.JSONMap[any]]()
	}
	return reflect.TypeFor[*string]()
}

// hasZone matches the date strings that carry their own zone or offset.
var hasZone = regexp.MustCompile(`(?i)(z|utc|gmt|[+-]\d\d:?\d\d)$`)

// newDateTime is `new DateTime(date?, location?)`: with a location (a name
// or a Timezone), a date string without its own zone is read as that
// location's wall clock; the result is UTC as always.
func newDateTime(vm *goja.Runtime, call goja.ConstructorCall) types.DateTime {
	arg := exportArg(call.Argument(0))
	if arg == nil {
		return types.NowDateTime()
	}
	dt, err := types.ParseDateTime(arg)
	must(vm, err)
	var loc *time.Location
	switch l := exportArg(call.Argument(1)).(type) {
	case *time.Location:
		loc = l
	case string:
		if loc, err = time.LoadLocation(l); err != nil {
			loc = time.UTC // as PocketBase: an unknown location is UTC
		}
	}
	s, isString := arg.(string)
	if loc == nil || !isString || dt.IsZero() || hasZone.MatchString(strings.TrimSpace(s)) {
		return dt
	}
	t := dt.Time()
	local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	dt, err = types.ParseDateTime(local)
	must(vm, err)
	return dt
}
