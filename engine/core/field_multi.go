package core

import (
	"database/sql/driver"
	"encoding/json"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/list"
)

// Helpers shared by the select, relation and file fields, whose value is a
// single string or, when MaxSelect > 1, a list of distinct strings.

// fieldStrings normalises raw (a string, a JSON array text from the DB, a
// slice from a client or JS) into distinct non-empty strings, in order.
func fieldStrings(raw any) []string {
	// A single stored id or option (every row of a single relation/select)
	// is the one-item list; only array texts and slices need the general
	// path's parsing and de-duplication maps.
	if s, ok := raw.(string); ok && s != "" {
		if t := strings.TrimSpace(s); !strings.HasPrefix(t, "[") || !strings.HasSuffix(t, "]") {
			return []string{s}
		}
	}
	return list.NonzeroUniques(list.ToUniqueStringSlice(raw))
}

// fieldMultiValue shapes items as the field's value: the list itself when
// multiple, else the last item (a single select given an array keeps the
// last one) or "".
func fieldMultiValue(items []string, multiple bool) any {
	if multiple {
		return items
	}
	if len(items) > 0 {
		return items[len(items)-1]
	}
	return ""
}

// fieldMultiDriverValue is the stored form: a JSON array text or a string.
func fieldMultiDriverValue(raw any, multiple bool) (driver.Value, error) {
	items := fieldStrings(raw)
	if !multiple {
		return fieldMultiValue(items, false), nil
	}
	b, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// fieldMultiSetter resolves the set modifiers of a multi-value field:
// "name" replaces, "name+" appends, "+name" prepends and "name-" removes
// (duplicates are always dropped). set stores an already merged list.
func fieldMultiSetter(name, key string, set func(record *Record, items []string)) SetterFunc {
	switch key {
	case name:
		return func(record *Record, raw any) { set(record, fieldStrings(raw)) }
	case name + "+":
		return func(record *Record, raw any) {
			set(record, append(fieldStrings(record.GetRaw(name)), fieldStrings(raw)...))
		}
	case "+" + name:
		return func(record *Record, raw any) {
			set(record, append(fieldStrings(raw), fieldStrings(record.GetRaw(name))...))
		}
	case name + "-":
		return func(record *Record, raw any) {
			set(record, list.SubtractSlice(fieldStrings(record.GetRaw(name)), fieldStrings(raw)))
		}
	}
	return nil
}
