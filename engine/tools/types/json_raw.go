package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strconv"
)

// JSONRaw is raw JSON kept as-is (the value of a json field), so that what
// was written is what is read back, without a decode/encode round.
type JSONRaw []byte

// ParseJSONRaw converts value into JSONRaw: raw bytes and strings are kept
// when they are valid JSON, anything else is JSON-encoded.
func ParseJSONRaw(value any) (JSONRaw, error) {
	if value == nil {
		return JSONRaw{}, nil
	}
	switch v := value.(type) {
	case JSONRaw:
		return v, nil
	case []byte:
		return rawFromBytes(v), nil
	case string:
		return rawFromBytes([]byte(v)), nil
	}
	b, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	return JSONRaw(b), nil
}

// rawFromBytes copies b, quoting it as a JSON string when it is not valid
// JSON so that the stored value always stays valid JSON.
func rawFromBytes(b []byte) JSONRaw {
	if len(b) == 0 {
		return JSONRaw{}
	}
	if json.Valid(b) {
		return append(JSONRaw{}, b...)
	}
	return JSONRaw(strconv.Quote(string(b)))
}

// String returns the raw JSON text.
func (j JSONRaw) String() string { return string(j) }

// MarshalJSON returns j unchanged, or null when it is empty.
func (j JSONRaw) MarshalJSON() ([]byte, error) {
	if len(j) == 0 {
		return []byte("null"), nil
	}
	return j, nil
}

// UnmarshalJSON stores a copy of b (b is reused by the decoder).
func (j *JSONRaw) UnmarshalJSON(b []byte) error {
	if j == nil {
		return fmt.Errorf("types: JSONRaw.UnmarshalJSON on nil pointer")
	}
	*j = append((*j)[0:0], b...)
	return nil
}

// Value implements driver.Valuer: nil (SQL NULL) when empty, else the text.
func (j JSONRaw) Value() (driver.Value, error) {
	if len(j) == 0 {
		return nil, nil
	}
	return string(j), nil
}

// Scan implements sql.Scanner.
func (j *JSONRaw) Scan(value any) error {
	switch v := value.(type) {
	case nil:
		*j = JSONRaw{}
	case []byte:
		*j = rawFromBytes(v)
	case string:
		*j = rawFromBytes([]byte(v))
	default:
		// Numbers and booleans from the driver are valid JSON once encoded.
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("types: cannot scan %T into JSONRaw: %w", value, err)
		}
		*j = JSONRaw(b)
	}
	return nil
}
