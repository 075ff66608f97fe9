package bindings

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/dop251/goja"
)

// xmlResponder is an event that writes responses (every request event).
// Its Go XML method cannot encode JS objects (encoding/xml rejects maps),
// so the field mapper hides it and the event prototype's xml()
// (event_proto.go) answers for it.
type xmlResponder interface {
	XML(status int, data any) error
	Blob(status int, contentType string, b []byte) error
}

var xmlResponderType = reflect.TypeFor[xmlResponder]()

// writeXML answers data as XML. A JS object becomes elements in its key
// order: one top-level key names the root element, otherwise the root is
// <response>; "@name" keys are attributes, "#text" is the text, an array
// repeats its element, null is an empty element. A Go value (a Record, a
// DynamicModel…) goes through its JSON form; a string or number is text
// in a root element named after its kind (as Go's encoding/xml does).
func writeXML(vm *goja.Runtime, r xmlResponder, status int, data goja.Value) error {
	if data == nil || goja.IsUndefined(data) || goja.IsNull(data) {
		return r.Blob(status, "application/xml; charset=utf-8", []byte(xml.Header))
	}
	obj, isObj := data.(*goja.Object)
	if !isObj {
		return r.XML(status, data.Export())
	}
	switch obj.Export().(type) {
	case map[string]any, []any:
	default:
		// a Go value: its JSON form, parsed in JS to keep the field order
		raw, err := json.Marshal(obj.Export())
		if err != nil {
			return fmt.Errorf("e.xml: %w", err)
		}
		parsed, err := jsonParse(vm, raw)
		if err != nil {
			return err
		}
		if obj, isObj = parsed.(*goja.Object); !isObj {
			return r.XML(status, parsed.Export())
		}
	}
	root, value := "response", goja.Value(obj)
	if keys := obj.Keys(); len(keys) == 1 && !isSpecialKey(keys[0]) {
		if _, isArray := obj.Export().([]any); !isArray {
			root, value = keys[0], obj.Get(keys[0])
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := encodeElement(vm, enc, root, value, 0); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	return r.Blob(status, "application/xml; charset=utf-8", buf.Bytes())
}

func jsonParse(vm *goja.Runtime, raw []byte) (goja.Value, error) {
	parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	return parse(goja.Undefined(), vm.ToValue(string(raw)))
}

var xmlName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9._-]*$`)

func isSpecialKey(k string) bool { return strings.HasPrefix(k, "@") || k == "#text" }

const maxXMLDepth = 64

func encodeElement(vm *goja.Runtime, enc *xml.Encoder, name string, v goja.Value, depth int) error {
	if depth > maxXMLDepth {
		return fmt.Errorf("e.xml: nested deeper than %d levels (a cycle?)", maxXMLDepth)
	}
	if !xmlName.MatchString(name) {
		return fmt.Errorf("e.xml: %q is not a valid XML element name", name)
	}
	start := xml.StartElement{Name: xml.Name{Local: name}}
	obj, isObj := v.(*goja.Object)
	if isObj {
		switch x := obj.Export().(type) {
		case []any:
			for i := range x {
				if err := encodeElement(vm, enc, name, obj.Get(fmt.Sprint(i)), depth+1); err != nil {
					return err
				}
			}
			return nil
		case map[string]any:
		default:
			// a Go value inside a JS object, or a Date: as its JSON form
			raw, err := json.Marshal(x)
			if err != nil {
				return fmt.Errorf("e.xml: %s: %w", name, err)
			}
			parsed, err := jsonParse(vm, raw)
			if err != nil {
				return err
			}
			return encodeElement(vm, enc, name, parsed, depth+1)
		}
	}
	if !isObj {
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		if !goja.IsUndefined(v) && !goja.IsNull(v) {
			if err := enc.EncodeToken(xml.CharData(v.String())); err != nil {
				return err
			}
		}
		return enc.EncodeToken(start.End())
	}
	keys := obj.Keys()
	for _, k := range keys {
		if !strings.HasPrefix(k, "@") {
			continue
		}
		attr := k[1:]
		if !xmlName.MatchString(attr) {
			return fmt.Errorf("e.xml: %q is not a valid XML attribute name", attr)
		}
		val := obj.Get(k)
		text := ""
		if !goja.IsUndefined(val) && !goja.IsNull(val) {
			text = val.String()
		}
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: attr}, Value: text})
	}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for _, k := range keys {
		switch {
		case strings.HasPrefix(k, "@"):
		case k == "#text":
			if t := obj.Get(k); !goja.IsUndefined(t) && !goja.IsNull(t) {
				if err := enc.EncodeToken(xml.CharData(t.String())); err != nil {
					return err
				}
			}
		default:
			if err := encodeElement(vm, enc, k, obj.Get(k), depth+1); err != nil {
				return err
			}
		}
	}
	return enc.EncodeToken(start.End())
}
