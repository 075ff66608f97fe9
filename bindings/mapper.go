// Package bindings defines everything the pb_hooks scripts see: the globals
// ($app, $apis, $os, …), routerAdd/routerUse, the onXxx hook registrars, the
// JS classes, and the Go→JS name mapping. It plugs into jsvm through
// Options.Install/Activate/Retire and into the engine only through the app's
// public hooks and router, exactly as a Go user would extend hookbase.
package bindings

import (
	"reflect"
	"strings"
	"unicode"

	"github.com/hookbase/hookbase/engine/core"
)

// FieldMapper exposes Go fields and methods to JS in lowerCamelCase
// (JSON→json, FindRecordById→findRecordById, OAuth2→oauth2).
type FieldMapper struct{}

// FieldName implements goja.FieldNameMapper. The embedded core.FieldBase
// gets no name of its own: its options are reached as the field's own
// (field.name), as they were before the field types shared it.
func (FieldMapper) FieldName(_ reflect.Type, f reflect.StructField) string {
	if f.Anonymous && f.Type == fieldBaseType {
		return ""
	}
	return JSName(f.Name)
}

var fieldBaseType = reflect.TypeOf(core.FieldBase{})

// MethodName implements goja.FieldNameMapper.
// Some methods of request events (XML, JSON, Next) are hidden: their
// prototype's functions (event_proto.go) replace them.
func (FieldMapper) MethodName(t reflect.Type, m reflect.Method) string {
	if protoMethods[m.Name] && t.Implements(xmlResponderType) {
		return ""
	}
	return JSName(m.Name)
}

// JSName lowers the leading run of capitals of a Go name. When the run is
// followed by a lowercase letter its last capital starts the next word
// (JSONField→jsonField); "OAuth2" is PocketBase's one irregular case.
func JSName(name string) string {
	if strings.HasPrefix(name, "OAuth2") {
		return "oauth2" + name[len("OAuth2"):]
	}
	runes := []rune(name)
	n := 0
	for n < len(runes) && unicode.IsUpper(runes[n]) {
		n++
	}
	switch {
	case n == 0:
		return name
	case n == 1 || n == len(runes):
		// lower just the first (Id→id) or everything (ID→id)
	case unicode.IsLower(runes[n]):
		n-- // the last capital begins the next word
	}
	for i := 0; i < n; i++ {
		runes[i] = unicode.ToLower(runes[i])
	}
	return string(runes)
}
