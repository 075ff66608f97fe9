package typesgen

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/types"
)

// Data shapes: the plain objects the class constructors (and unmarshal)
// accept, derived from the JSON tags of the Go models. Keys are optional,
// unknown keys are rejected, so a typo in a migration is a tsc error.

var (
	dateTimeType   = reflect.TypeFor[types.DateTime]()
	fieldType      = reflect.TypeFor[core.Field]()
	fieldsListType = reflect.TypeFor[core.FieldsList]()
)

// shapeRef is the data-shape type expression of t.
func (w *walker) shapeRef(t reflect.Type) string {
	switch {
	case t == dateTimeType:
		return "string | types.DateTime"
	case t == fieldType:
		return "FieldData | core.Field"
	case t == fieldsListType:
		return "Array<FieldData | core.Field> | core.FieldsList"
	case t.Kind() == reflect.Pointer:
		return w.shapeRef(t.Elem()) + " | null"
	}
	switch t.Kind() {
	case reflect.Struct:
		if t.PkgPath() == "" || !declared(t.PkgPath()) {
			return "any"
		}
		return "{ " + strings.Join(w.shapeMembers(t), "; ") + " }"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "any"
		}
		return "Array<" + strings.TrimSuffix(w.shapeRef(t.Elem()), " | null") + ">"
	case reflect.Map:
		return "{ [key: string]: " + w.shapeRef(t.Elem()) + " }"
	case reflect.Interface:
		return "any"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number"
	}
	return "any"
}

// shapeMembers lists "key?: type" for every JSON key of struct t (embedded
// structs without a tag are flattened, as encoding/json does).
func (w *walker) shapeMembers(t reflect.Type) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name := strings.Split(tag, ",")[0]
			if f.Anonymous && name == "" {
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, propName(name)+"?: "+w.shapeRef(f.Type))
		}
	}
	walk(t)
	return out
}

// renderShapes declares the constructor argument shapes of Collection and
// of every field type (FieldData is their union, discriminated by type).
func (w *walker) renderShapes() string {
	var b strings.Builder
	b.WriteString(docComment("CollectionData is what `new Collection({...})` and `unmarshal(data, collection)` accept:\nthe collection's API JSON (auth and view options flattened in), every key optional.", ""))
	b.WriteString("interface CollectionData {\n")
	for _, m := range w.shapeMembers(reflect.TypeFor[core.Collection]()) {
		if m == "type?: string" {
			m = `type?: "base" | "auth" | "view"`
		}
		b.WriteString("  " + m + "\n")
	}
	b.WriteString("}\n\n")

	typesList := make([]string, 0, len(core.FieldFactories))
	for typ := range core.FieldFactories {
		typesList = append(typesList, typ)
	}
	sort.Strings(typesList)
	var union []string
	for _, typ := range typesList {
		ft := reflect.TypeOf(core.FieldFactories[typ]()).Elem()
		name := ft.Name()
		fmt.Fprintf(&b, "/** The options of a %q field (`new %s({...})`). */\n", typ, name)
		fmt.Fprintf(&b, "interface %sOptions {\n", name)
		for _, m := range w.shapeMembers(ft) {
			b.WriteString("  " + m + "\n")
		}
		b.WriteString("}\n")
		fmt.Fprintf(&b, "/** A %q field as plain data (`new Field({...})`, a collection's `fields`). */\n", typ)
		fmt.Fprintf(&b, "interface %sData extends %sOptions {\n  type: %q\n}\n\n", name, name, typ)
		union = append(union, name+"Data")
		w.ref(reflect.PointerTo(ft)) // the class instance type
	}
	b.WriteString("/** Any field as plain data, discriminated by its `type`. */\n")
	b.WriteString("type FieldData = " + strings.Join(union, " | ") + "\n\n")
	return b.String()
}

// fieldClasses are the field constructor globals, sorted.
func fieldClasses() [][2]string {
	var out [][2]string
	for typ, factory := range core.FieldFactories {
		out = append(out, [2]string{reflect.TypeOf(factory()).Elem().Name(), typ})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}
