package typesgen

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hookbase/hookbase/bindings"
)

// declaredPackages are the packages whose named types get full
// declarations; a type from anywhere else is `any` (keeps the file focused
// on what hooks use instead of, say, the whole crypto/x509 graph).
var declaredPackages = []string{
	"github.com/hookbase/hookbase/",
	"net/http", "net/url", "net/textproto", "mime/multipart", "time", "log/slog", "io", "context",
	"github.com/pocketbase/dbx", "os", "io/fs", "os/exec",
}

func declared(pkgPath string) bool {
	for _, p := range declaredPackages {
		if pkgPath == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(pkgPath, p)) {
			return true
		}
	}
	return false
}

var (
	errorType    = reflect.TypeFor[error]()
	durationType = reflect.TypeFor[time.Duration]()
)

// walker collects the named Go types reachable from the roots and renders
// each as a TypeScript interface in a namespace named after its package.
type walker struct {
	named map[reflect.Type]string // type → "ns.Name"
	order []reflect.Type
	nsOf  map[string]string // pkg path → namespace
	used  map[string]string // namespace → pkg path
	docs  *docIndex
}

func newWalker() *walker {
	return &walker{named: map[reflect.Type]string{}, nsOf: map[string]string{}, used: map[string]string{}}
}

var versionSuffix = regexp.MustCompile(`^v\d+$`)

// namespace is the last path element of the package (the one before a /vN
// suffix), made unique.
func (w *walker) namespace(pkgPath string) string {
	if ns, ok := w.nsOf[pkgPath]; ok {
		return ns
	}
	parts := strings.Split(pkgPath, "/")
	ns := parts[len(parts)-1]
	if versionSuffix.MatchString(ns) && len(parts) > 1 {
		ns = parts[len(parts)-2]
	}
	ns = identifier(ns)
	base := ns
	for i := 2; w.used[ns] != "" && w.used[ns] != pkgPath; i++ {
		ns = fmt.Sprintf("%s%d", base, i)
	}
	w.nsOf[pkgPath], w.used[ns] = ns, pkgPath
	return ns
}

var nonIdent = regexp.MustCompile(`[^A-Za-z0-9_$]+`)

func identifier(s string) string {
	s = nonIdent.ReplaceAllString(s, "_")
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		s = "_" + s
	}
	return s
}

// typeName renders a (possibly generic) Go type name as an identifier:
// "TaggedHook[*github.com/…/core.RecordEvent]" → "TaggedHook_RecordEvent".
func typeName(t reflect.Type) string {
	name := t.Name()
	i := strings.IndexByte(name, '[')
	if i < 0 {
		return name
	}
	args := name[i+1 : len(name)-1]
	var out []string
	for _, a := range strings.Split(args, ",") {
		a = a[strings.LastIndexAny(a, "./*")+1:]
		out = append(out, strings.TrimSpace(a))
	}
	return identifier(name[:i] + "_" + strings.Join(out, "_"))
}

// baseName is the name of a type without its type arguments (doc keys).
func baseName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		return name[:i]
	}
	return name
}

// ref is the TypeScript type expression of t, queueing named types.
func (w *walker) ref(t reflect.Type) string {
	switch {
	case t == errorType:
		return "Error"
	case t == durationType:
		return "number"
	}
	if t.Kind() == reflect.Pointer {
		return w.ref(t.Elem())
	}
	if t.Name() != "" && t.PkgPath() != "" {
		switch t.Kind() {
		case reflect.Struct, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func:
			if !declared(t.PkgPath()) {
				return "any"
			}
			if name, ok := w.named[t]; ok {
				return name
			}
			name := w.namespace(t.PkgPath()) + "." + typeName(t)
			w.named[t] = name
			w.order = append(w.order, t)
			return name
		}
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "Array<" + w.ref(t.Elem()) + ">"
	case reflect.Map:
		return "{ [key: string]: " + w.ref(t.Elem()) + " }"
	case reflect.Func:
		return w.funcType(t, nil, false)
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any"
		}
		return "any"
	case reflect.Struct:
		var parts []string
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() && !f.Anonymous {
				parts = append(parts, bindings.JSName(f.Name)+": "+w.ref(f.Type))
			}
		}
		return "{ " + strings.Join(parts, "; ") + " }"
	}
	return "any"
}

// funcType renders a function type used as a value (a callback): error
// results become void, as a JS callback reports errors by throwing.
func (w *walker) funcType(t reflect.Type, names []string, skipRecv bool) string {
	return "(" + w.params(t, names, skipRecv) + ") => " + w.results(t, true)
}

// params renders the parameter list of a callback type t.
func (w *walker) params(t reflect.Type, names []string, skipRecv bool) string {
	return w.methodParams(t, names, skipRecv, -1)
}

// methodParams renders the parameter list of t; names come from the
// sources. Parameters from index optional on (when >= 0) are declared
// optional: goja passes a missing argument as the Go zero value, which
// those methods read as "not given". Parameters take their input type.
func (w *walker) methodParams(t reflect.Type, names []string, skipRecv bool, optional int) string {
	start := 0
	if skipRecv {
		start = 1
	}
	var parts []string
	seen := map[string]bool{}
	for i := start; i < t.NumIn(); i++ {
		in := t.In(i)
		name := ""
		if j := i - start; j < len(names) {
			name = names[j]
		}
		if name == "" || name == "_" || reserved[name] || seen[name] {
			name = fmt.Sprintf("arg%d", i-start)
		}
		seen[name] = true
		if t.IsVariadic() && i == t.NumIn()-1 {
			parts = append(parts, "..."+name+": Array<"+w.ref(in.Elem())+">")
			continue
		}
		if optional >= 0 && i-start >= optional {
			name += "?"
		}
		parts = append(parts, name+": "+w.input(in))
	}
	return strings.Join(parts, ", ")
}

// results renders what a Go call returns in JS: a trailing error is thrown
// instead, one value is itself, several come back as an array.
func (w *walker) results(t reflect.Type, callback bool) string {
	n := t.NumOut()
	if n > 0 && t.Out(n-1) == errorType {
		n--
	}
	switch n {
	case 0:
		return "void"
	case 1:
		if callback {
			return "any"
		}
		return w.ref(t.Out(0))
	}
	var parts []string
	for i := 0; i < n; i++ {
		parts = append(parts, w.ref(t.Out(i)))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`break case catch class const continue debugger default delete do else enum
		export extends false finally for function if import in instanceof new null return super switch this throw
		true try typeof var void while with as implements interface let package private protected public static yield
		any boolean number string symbol type from of arguments eval`) {
		reserved[w] = true
	}
}

// arrayMembers are the JS array methods a slice type must not redeclare.
var arrayMembers = map[string]bool{}

func init() {
	for _, m := range strings.Fields(`length concat join slice indexOf lastIndexOf every some forEach map filter
		reduce reduceRight find findIndex fill copyWithin entries keys values includes flatMap flat at push pop
		shift unshift splice sort reverse toString toLocaleString`) {
		arrayMembers[m] = true
	}
}

// member is one property or method of a declaration.
type member struct {
	name, text, doc string
	method          bool
	// setter, when set, is the wider type an assignment accepts (the
	// property is then declared as a get/set accessor pair)
	setter string
}

// render declares the named type t (its namespace is opened by the caller).
func (w *walker) render(t reflect.Type) string {
	name := typeName(t)
	docKey := t.PkgPath() + "." + baseName(t)
	var b strings.Builder
	b.WriteString(docComment(w.docs.types[docKey], "  "))

	if t.Kind() == reflect.Func {
		fmt.Fprintf(&b, "  type %s = %s\n", name, w.funcType(t, nil, false))
		return b.String()
	}

	var members []member
	seen := map[string]bool{}
	add := func(m member) {
		if seen[m.name] {
			return
		}
		seen[m.name] = true
		members = append(members, m)
	}
	if t.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(t) {
			if !f.IsExported() || f.Anonymous {
				continue
			}
			owner := ownerKey(t, f)
			m := member{name: bindings.JSName(f.Name), text: w.ref(f.Type), doc: w.docs.members[owner+"."+f.Name]}
			if in := w.input(f.Type); in != m.text {
				m.setter = in
			}
			add(m)
		}
	}
	methodsOf := t
	recv := false
	if t.Kind() != reflect.Interface {
		methodsOf, recv = reflect.PointerTo(t), true
	}
	for i := 0; i < methodsOf.NumMethod(); i++ {
		m := methodsOf.Method(i)
		if !m.IsExported() {
			continue
		}
		jsName := bindings.JSName(m.Name)
		if t.Kind() == reflect.Slice && arrayMembers[jsName] {
			continue
		}
		key := w.methodOwner(t, m.Name)
		sig := "(" + w.methodParams(m.Type, w.docs.params[key], recv, optionalFrom(key)) + "): " + w.results(m.Type, false)
		add(member{name: jsName, text: sig, doc: w.docs.members[key], method: true})
	}

	switch t.Kind() {
	case reflect.Slice:
		fmt.Fprintf(&b, "  interface %s extends Array<%s> {\n", name, w.ref(t.Elem()))
	case reflect.Map:
		fmt.Fprintf(&b, "  interface %s {\n    [key: string]: any\n", name)
	case reflect.Interface:
		// the value behind a Go interface is a concrete type with more members
		fmt.Fprintf(&b, "  interface %s {\n    [key: string]: any\n", name)
	default:
		fmt.Fprintf(&b, "  interface %s {\n", name)
	}
	sort.SliceStable(members, func(i, j int) bool { return members[i].name < members[j].name })
	for _, m := range members {
		b.WriteString(docComment(m.doc, "    "))
		switch {
		case m.method:
			b.WriteString("    " + propName(m.name) + m.text + "\n")
		case m.setter != "":
			b.WriteString("    get " + propName(m.name) + "(): " + m.text + "\n")
			b.WriteString("    set " + propName(m.name) + "(value: " + m.setter + ")\n")
		default:
			b.WriteString("    " + propName(m.name) + ": " + m.text + "\n")
		}
	}
	b.WriteString("  }\n")
	return b.String()
}

var plainIdent = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

func propName(name string) string {
	if plainIdent.MatchString(name) {
		return name
	}
	return fmt.Sprintf("%q", name)
}

// ownerKey is the doc key of the struct that declares field f (promoted
// fields are documented on the embedded type).
func ownerKey(t reflect.Type, f reflect.StructField) string {
	owner := t
	for _, idx := range f.Index[:len(f.Index)-1] {
		owner = owner.Field(idx).Type
		if owner.Kind() == reflect.Pointer {
			owner = owner.Elem()
		}
	}
	return owner.PkgPath() + "." + baseName(owner)
}

// methodOwner finds the doc key of method name of t: its own, or the one
// of the embedded type it is promoted from.
func (w *walker) methodOwner(t reflect.Type, name string) string {
	key := t.PkgPath() + "." + baseName(t) + "." + name
	if _, ok := w.docs.params[key]; ok || t.Kind() != reflect.Struct {
		return key
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.Anonymous {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if _, ok := reflect.PointerTo(ft).MethodByName(name); ok {
			return w.methodOwner(ft, name)
		}
	}
	return key
}
