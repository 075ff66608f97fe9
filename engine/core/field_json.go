package core

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func init() {
	FieldFactories[FieldTypeJSON] = func() Field { return &JSONField{} }
}

// DefaultJSONFieldMaxSize applies when JSONField.MaxSize is 0 (5MB).
const DefaultJSONFieldMaxSize int64 = 5 << 20

// JSONField stores any JSON value as types.JSONRaw; it is the only
// nullable column (an empty JSONRaw is stored as NULL and rendered null).
type JSONField struct {
	FieldBase
	Help string `json:"help"`

	// Required rejects null, "", [] and {}.
	Required bool `json:"required"`
	// MaxSize bounds the JSON text in bytes (0 = DefaultJSONFieldMaxSize).
	MaxSize int64 `json:"maxSize"`
}

var _ Field = (*JSONField)(nil)

func (f *JSONField) Type() string { return FieldTypeJSON }

// MarshalJSON renders every option plus "type".
func (f JSONField) MarshalJSON() ([]byte, error) {
	type alias JSONField
	return MarshalFieldWithType(FieldTypeJSON, alias(f))
}

// ColumnType is a nullable JSON column.
func (f *JSONField) ColumnType(app *App) string {
	return fieldColumnType(app, dialect.ColumnJSONNullable)
}

// PrepareValue converts raw into types.JSONRaw. Strings get the same
// treatment whether they come from a JSON body, a multipart form or the
// DB: null/true/false, numbers, arrays, objects and quoted strings that
// are valid JSON are kept as JSON; any other string (also "") becomes a
// JSON string. Other Go values are JSON-encoded; nil gives null.
func (f *JSONField) PrepareValue(record *Record, raw any) (any, error) {
	switch v := raw.(type) {
	case string:
		return types.JSONRaw(fieldJSONString(v)), nil
	case []byte:
		return types.JSONRaw(fieldJSONString(string(v))), nil
	}
	return types.ParseJSONRaw(raw)
}

func fieldJSONString(s string) string {
	if s == "null" || s == "true" || s == "false" {
		return s
	}
	if s != "" {
		c := s[0]
		if (c >= '0' && c <= '9') || c == '-' || c == '"' || c == '[' || c == '{' {
			if json.Valid([]byte(s)) {
				return s
			}
		}
	}
	return strconv.Quote(s)
}

// CalculateMaxBodySize is the largest JSON text the field accepts, in bytes.
func (f *JSONField) CalculateMaxBodySize() int64 {
	if f.MaxSize <= 0 {
		return DefaultJSONFieldMaxSize
	}
	return f.MaxSize
}

// ValidateValue checks the size, that the value is valid JSON and required.
func (f *JSONField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	raw, ok := record.GetRaw(f.Name).(types.JSONRaw)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if max := f.CalculateMaxBodySize(); int64(len(raw)) > max {
		return fieldError("validation_json_size_limit", fmt.Sprintf("The maximum allowed JSON size is %d bytes.", max),
			map[string]any{"maxSize": max})
	}
	if len(raw) > 0 && !json.Valid(raw) {
		return fieldError("validation_invalid_json", "Must be a valid json value.", nil)
	}
	if f.Required {
		switch strings.TrimSpace(string(raw)) {
		case "", "null", `""`, "[]", "{}":
			return validation.Required()
		}
	}
	return nil
}

// ValidateSettings checks maxSize.
func (f *JSONField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	errs["maxSize"] = fieldFirstError(fieldMinRule(f.MaxSize, 0), fieldMaxRule(f.MaxSize, fieldMaxSafeJSONInt))
	return errs.Filter()
}
