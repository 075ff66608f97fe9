package bindings

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"time"
	"unicode"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/hookbase/hookbase/jsvm"
)

// fieldClasses maps the JS field class names to their field types.
var fieldClasses = map[string]string{
	"TextField": core.FieldTypeText, "NumberField": core.FieldTypeNumber, "BoolField": core.FieldTypeBool,
	"EmailField": core.FieldTypeEmail, "URLField": core.FieldTypeURL, "EditorField": core.FieldTypeEditor,
	"DateField": core.FieldTypeDate, "AutodateField": core.FieldTypeAutodate, "SelectField": core.FieldTypeSelect,
	"FileField": core.FieldTypeFile, "RelationField": core.FieldTypeRelation, "JSONField": core.FieldTypeJSON,
	"PasswordField": core.FieldTypePassword, "GeoPointField": core.FieldTypeGeoPoint,
}

// installClasses defines the model and value classes.
func (b *Bindings) installClasses(rt *jsvm.Runtime) error {
	vm := rt.VM
	classes := map[string]func(call goja.ConstructorCall) any{
		"Record": func(call goja.ConstructorCall) any {
			collection, _ := call.Argument(0).Export().(*core.Collection)
			if collection == nil {
				collection = core.NewBaseCollection("")
			}
			record := core.NewRecord(collection)
			if data, ok := exportArg(call.Argument(1)).(map[string]any); ok {
				record.Load(data)
			}
			return record
		},
		"Collection": func(call goja.ConstructorCall) any {
			data, _ := exportArg(call.Argument(0)).(map[string]any)
			typ, _ := data["type"].(string)
			if typ == "" {
				typ = core.CollectionTypeBase
			}
			name, _ := data["name"].(string)
			c := core.NewCollection(typ, name)
			if data != nil {
				must(vm, jsonCopy(data, c))
			}
			return c
		},
		"Field": func(call goja.ConstructorCall) any {
			data, _ := exportArg(call.Argument(0)).(map[string]any)
			typ, _ := data["type"].(string)
			f, err := core.NewFieldByType(typ)
			must(vm, err)
			must(vm, jsonCopy(data, f))
			return f
		},
		"FieldsList": func(call goja.ConstructorCall) any {
			list := core.NewFieldsList()
			if arg := exportArg(call.Argument(0)); arg != nil {
				must(vm, jsonCopy(arg, &list))
			}
			return &list
		},
		"MailerMessage": func(call goja.ConstructorCall) any {
			m := &core.MailerMessage{}
			if arg := exportArg(call.Argument(0)); arg != nil {
				must(vm, jsonCopy(arg, m))
			}
			return m
		},
		"RequestInfo": func(call goja.ConstructorCall) any {
			info := &core.RequestInfo{Context: core.RequestContextDefault}
			if arg := exportArg(call.Argument(0)); arg != nil {
				must(vm, jsonCopy(arg, info))
			}
			return info
		},
		"DateTime": func(call goja.ConstructorCall) any {
			return newDateTime(vm, call)
		},
		"ValidationError": func(call goja.ConstructorCall) any {
			return validation.NewError(argString(call.Argument(0)), argString(call.Argument(1)))
		},
		"Cookie": func(call goja.ConstructorCall) any {
			c := &http.Cookie{}
			if arg := exportArg(call.Argument(0)); arg != nil {
				must(vm, jsonCopy(arg, c))
			}
			return c
		},
		"DynamicModel": func(call goja.ConstructorCall) any {
			shape, _ := exportArg(call.Argument(0)).(map[string]any)
			return newDynamicModel(shape)
		},
	}
	for name, typ := range fieldClasses {
		typ := typ
		classes[name] = func(call goja.ConstructorCall) any {
			f, err := core.NewFieldByType(typ)
			must(vm, err)
			if arg := exportArg(call.Argument(0)); arg != nil {
				must(vm, jsonCopy(arg, f))
			}
			return f
		}
	}
	for name, build := range classes {
		if err := defineClass(vm, name, build); err != nil {
			return err
		}
	}
	return nil
}

// must throws err in JS (a constructor's failure becomes a JS exception).
func must(vm *goja.Runtime, err error) {
	if err != nil {
		throw(vm, err)
	}
}

// jsonCopy loads src (plain JS data) into dst through JSON, the way
// PocketBase's unmarshal() does.
func jsonCopy(src, dst any) error {
	raw, err := json.Marshal(src)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, dst)
}

// newDynamicModel builds a struct whose fields follow shape: each key is
// an exported field (db/json tag = key) typed after its sample value, so
// dbx can scan rows into it and JS reads the keys back unchanged.
func newDynamicModel(shape map[string]any) any {
	keys := make([]string, 0, len(shape))
	for k := range shape {
		keys = append(keys, k)
	}
	// stable field order keeps the struct type the same for equal shapes
	slices.Sort(keys)
	fields := make([]reflect.StructField, 0, len(keys))
	var used []string
	for _, k := range keys {
		name := goFieldName(k)
		if name == "" || slices.Contains(used, name) {
			continue
		}
		used = append(used, name)
		fields = append(fields, reflect.StructField{
			Name: name,
			Type: dynamicFieldType(shape[k]),
			Tag:  reflect.StructTag(fmt.Sprintf(`db:"%s" json:"%s" form:"%s"`, k, k, k)),
		})
	}
	v := reflect.New(reflect.StructOf(fields)).Elem()
	for i, f := range fields {
		key := f.Tag.Get("db")
		sample := reflect.ValueOf(shape[key])
		if sample.IsValid() && sample.Type().ConvertibleTo(f.Type) {
			v.Field(i).Set(sample.Convert(f.Type))
		}
	}
	return v.Addr().Interface()
}

func dynamicFieldType(sample any) reflect.Type {
	switch s := sample.(type) {
	case nullShape:
		return nullableFieldType(s.kind)
	case string:
		return reflect.TypeOf("")
	case int64, int, int32:
		return reflect.TypeOf(int64(0))
	case float64, float32:
		return reflect.TypeOf(float64(0))
	case bool:
		return reflect.TypeOf(false)
	case []any:
		return reflect.TypeOf(types.JSONArray[any]{})
	case map[string]any:
		return reflect.TypeOf(types.JSONMap[any]{})
	case time.Time, types.DateTime:
		return reflect.TypeOf(types.DateTime{})
	default:
		return reflect.TypeOf(types.JSONRaw{})
	}
}

// goFieldName turns a shape key into an exported Go name that the field
// mapper maps back to the key ("title"→"Title"→"title").
func goFieldName(key string) string {
	if key == "" {
		return ""
	}
	for _, r := range key {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			return ""
		}
	}
	r := []rune(key)
	if !unicode.IsLetter(r[0]) {
		return ""
	}
	r[0] = unicode.ToUpper(r[0])
	name := string(r)
	if JSName(name) != key {
		return "" // e.g. "URL": could not be read back under its own key
	}
	return name
}
