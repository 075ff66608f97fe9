// Package list holds slice helpers shared by fields, rules and the API.
package list

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/types"
)

// ToUniqueStringSlice normalizes a multi-value input (a select/relation/file
// field value, a form value, a JS array) into a non-nil slice of distinct
// strings in first-seen order. A string that looks like a JSON array is
// decoded; any other non-empty string is a single item; "" and nil give an
// empty slice. Empty strings inside a slice are kept as items.
func ToUniqueStringSlice(value any) []string {
	return unique(toStrings(value))
}

func toStrings(value any) []string {
	switch v := value.(type) {
	case nil:
		return nil
	case string:
		return stringInput(v)
	case []byte:
		return stringInput(string(v))
	case types.JSONRaw:
		return stringInput(string(v))
	case []string:
		return v
	case types.JSONArray[string]:
		return v
	case []any:
		out := make([]string, len(v))
		for i, item := range v {
			out[i] = toString(item)
		}
		return out
	}

	// Any other slice or array (e.g. []int, types.JSONArray[any]).
	rv := reflect.ValueOf(value)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		out := make([]string, rv.Len())
		for i := range out {
			out[i] = toString(rv.Index(i).Interface())
		}
		return out
	}
	return []string{toString(value)}
}

func stringInput(s string) []string {
	if s == "" {
		return nil
	}
	trimmed := strings.TrimSpace(s)
	if strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]") {
		var items []any
		if err := json.Unmarshal([]byte(trimmed), &items); err == nil {
			out := make([]string, len(items))
			for i, item := range items {
				out[i] = toString(item)
			}
			return out
		}
	}
	return []string{s}
}

// toString renders one item; numbers use their shortest exact form so that
// a JSON 1 becomes "1", not "1e+00".
func toString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case fmt.Stringer:
		return x.String()
	case error:
		return x.Error()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice, reflect.Struct:
		if b, err := json.Marshal(v); err == nil {
			return string(b)
		}
	}
	return fmt.Sprint(v)
}

func unique(items []string) []string {
	out := make([]string, 0, len(items))
	seen := make(map[string]struct{}, len(items))
	for _, s := range items {
		if _, ok := seen[s]; ok {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	return out
}

// ExistInSlice reports whether item is in list.
func ExistInSlice[T comparable](item T, list []T) bool {
	for _, v := range list {
		if v == item {
			return true
		}
	}
	return false
}

// SubtractSlice returns the items of base that are not in subtract, in
// base's order (duplicates in base are kept). The result is never nil.
func SubtractSlice[T comparable](base, subtract []T) []T {
	drop := make(map[T]struct{}, len(subtract))
	for _, v := range subtract {
		drop[v] = struct{}{}
	}
	out := make([]T, 0, len(base))
	for _, v := range base {
		if _, ok := drop[v]; !ok {
			out = append(out, v)
		}
	}
	return out
}

// NonzeroUniques returns the distinct non-zero items of list in first-seen
// order. The result is never nil.
func NonzeroUniques[T comparable](list []T) []T {
	var zero T
	out := make([]T, 0, len(list))
	seen := make(map[T]struct{}, len(list))
	for _, v := range list {
		if v == zero {
			continue
		}
		if _, ok := seen[v]; ok {
			continue
		}
		seen[v] = struct{}{}
		out = append(out, v)
	}
	return out
}
