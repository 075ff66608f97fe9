package core

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hookbase/hookbase/engine/tools/types"
)

// Records are most of what the read endpoints send, and encoding them through
// a map and encoding/json (reflection, key sorting, re-compacting the
// Marshaler output) cost about as much as loading them. AppendJSON writes
// the same bytes directly; values of types it does not know go through
// encoding/json, so the output never differs from json.Marshal(PublicExport()).

// exportPair is one key of a record's public JSON.
type exportPair struct {
	key   string
	value any
}

// publicPairs appends the keys and values of PublicExport to dst, unsorted.
func (r *Record) publicPairs(dst []exportPair) []exportPair {
	dst = append(dst,
		exportPair{FieldNameCollectionId, r.collection.Id},
		exportPair{FieldNameCollectionName, r.collection.Name})
	for _, f := range r.collection.Fields {
		name := f.GetName()
		if !r.exportVisible(f, name) {
			continue
		}
		var v any
		if name == FieldNameId {
			v = r.Id
		} else {
			v = exportValue(f, r.data[name])
		}
		if name == FieldNameCollectionId || name == FieldNameCollectionName {
			dst = setPair(dst, name, v)
			continue
		}
		dst = append(dst, exportPair{name, v})
	}
	if r.exportUnknown {
		for k, v := range r.data {
			if pairIndex(dst, k) >= 0 || r.collection.Fields.GetByName(k) != nil {
				continue
			}
			if shown, ok := r.customVisibility[k]; !ok || shown {
				dst = append(dst, exportPair{k, v})
			}
		}
	}
	if r.expand != nil {
		// an expand that found nothing still answers "expand": {}
		dst = setPair(dst, FieldNameExpand, r.expand)
	}
	return dst
}

// exportVisible says whether field f shows in the public export.
func (r *Record) exportVisible(f Field, name string) bool {
	visible := !f.GetHidden()
	if forced, ok := r.customVisibility[name]; ok {
		visible = forced
	}
	if f.Type() == FieldTypePassword {
		return false
	}
	if r.collection.IsAuth() && name == FieldNameEmail && !r.ignoreEmailVisibility && !r.GetBool(FieldNameEmailVisibility) {
		if forced, ok := r.customVisibility[name]; !ok || !forced {
			return false
		}
	}
	return visible
}

func pairIndex(pairs []exportPair, key string) int {
	for i := range pairs {
		if pairs[i].key == key {
			return i
		}
	}
	return -1
}

func setPair(pairs []exportPair, key string, v any) []exportPair {
	if i := pairIndex(pairs, key); i >= 0 {
		pairs[i].value = v
		return pairs
	}
	return append(pairs, exportPair{key, v})
}

func comparePairs(a, b exportPair) int { return strings.Compare(a.key, b.key) }

// AppendJSON appends the record's public JSON to b: the bytes
// json.Marshal(r.PublicExport()) gives (keys sorted, HTML escaped).
func (r *Record) AppendJSON(b []byte) ([]byte, error) {
	var buf [24]exportPair
	pairs := r.publicPairs(buf[:0])
	return appendJSONPairs(b, pairs)
}

// appendJSONPairs writes pairs as a JSON object with sorted keys, as
// encoding/json writes a map.
func appendJSONPairs(b []byte, pairs []exportPair) ([]byte, error) {
	slices.SortFunc(pairs, comparePairs)
	b = append(b, '{')
	for i, p := range pairs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, p.key)
		b = append(b, ':')
		var err error
		if b, err = appendJSONValue(b, p.value); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// AppendRecordsJSON appends records as a JSON array (a nil element as
// null, a nil slice as null), as encoding/json would write the slice.
func AppendRecordsJSON(b []byte, records []*Record) ([]byte, error) {
	if records == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, r := range records {
		if i > 0 {
			b = append(b, ',')
		}
		if r == nil {
			b = append(b, "null"...)
			continue
		}
		var err error
		if b, err = r.AppendJSON(b); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

// appendJSONValue encodes the value types records hold without reflection
// and hands any other type to encoding/json.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			break
		}
		return appendJSONFloat(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case []string:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']'), nil
	case types.DateTime:
		b = append(b, '"')
		if t := x.Time(); !t.IsZero() {
			b = t.UTC().AppendFormat(b, types.DefaultDateLayout)
		}
		return append(b, '"'), nil
	case *Record:
		if x == nil {
			return append(b, "null"...), nil
		}
		return x.AppendJSON(b)
	case []*Record:
		return AppendRecordsJSON(b, x)
	case map[string]any:
		return appendJSONMap(b, x)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return b, err
	}
	return append(b, raw...), nil
}

// appendJSONMap encodes m with sorted keys, as encoding/json does (expand
// maps hold records and record lists).
func appendJSONMap(b []byte, m map[string]any) ([]byte, error) {
	if m == nil {
		return append(b, "null"...), nil
	}
	var buf [8]exportPair
	pairs := buf[:0]
	for k, v := range m {
		pairs = append(pairs, exportPair{k, v})
	}
	return appendJSONPairs(b, pairs)
}

// appendJSONFloat formats like encoding/json: the shortest representation,
// exponent form only for very small or large magnitudes, "e-7" not "e-07".
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const jsonHex = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does with HTML escaping:
// <, > and & as \u00XX, invalid UTF-8 as \ufffd, U+2028/U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
