package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// JSONMap is a string-keyed map stored as a JSON object text column.
type JSONMap[T any] map[string]T

// MarshalJSON encodes a nil map as {} rather than null.
func (m JSONMap[T]) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("{}"), nil
	}
	return json.Marshal(map[string]T(m))
}

// String returns the JSON text of the map.
func (m JSONMap[T]) String() string {
	b, _ := m.MarshalJSON()
	return string(b)
}

// Get returns the value under key (the zero T when missing).
func (m JSONMap[T]) Get(key string) T {
	return m[key]
}

// Set stores value under key. Like a plain map, m must be non-nil; the
// value receiver keeps Set callable on non-addressable values (e.g. a
// type-asserted field value).
func (m JSONMap[T]) Set(key string, value T) {
	m[key] = value
}

// Value implements driver.Valuer (the JSON text).
func (m JSONMap[T]) Value() (driver.Value, error) {
	b, err := m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan implements sql.Scanner; NULL and empty text give an empty map.
func (m *JSONMap[T]) Scan(value any) error {
	var data []byte
	switch v := value.(type) {
	case nil:
	case []byte:
		data = v
	case string:
		data = []byte(v)
	default:
		return fmt.Errorf("types: cannot scan %T into JSONMap", value)
	}
	if len(data) == 0 || string(data) == "null" {
		*m = JSONMap[T]{}
		return nil
	}
	out := map[string]T{}
	if err := json.Unmarshal(data, &out); err != nil {
		return err
	}
	if out == nil {
		out = map[string]T{}
	}
	*m = out
	return nil
}
