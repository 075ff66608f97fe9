package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// JSONArray is a slice stored as a JSON array text column.
type JSONArray[T any] []T

// MarshalJSON encodes a nil array as [] rather than null.
func (a JSONArray[T]) MarshalJSON() ([]byte, error) {
	if a == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]T(a))
}

// String returns the JSON text of the array.
func (a JSONArray[T]) String() string {
	b, _ := a.MarshalJSON()
	return string(b)
}

// Value implements driver.Valuer (the JSON text).
func (a JSONArray[T]) Value() (driver.Value, error) {
	b, err := a.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan implements sql.Scanner; NULL and empty text give an empty array.
func (a *JSONArray[T]) Scan(value any) error {
	var data []byte
	switch v := value.(type) {
	case nil:
	case []byte:
		data = v
	case string:
		data = []byte(v)
	default:
		return fmt.Errorf("types: cannot scan %T into JSONArray", value)
	}
	if len(data) == 0 || string(data) == "null" {
		*a = JSONArray[T]{}
		return nil
	}
	var out []T
	if err := json.Unmarshal(data, &out); err != nil {
		return err
	}
	if out == nil {
		out = []T{}
	}
	*a = out
	return nil
}
