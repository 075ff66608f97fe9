package core

import (
	"context"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

func init() {
	FieldFactories[FieldTypeBool] = func() Field { return &BoolField{} }
}

// BoolField stores true or false (false by default).
type BoolField struct {
	FieldBase
	Help string `json:"help"`

	// Required demands the value to be true.
	Required bool `json:"required"`
}

var _ Field = (*BoolField)(nil)

func (f *BoolField) Type() string { return FieldTypeBool }

// MarshalJSON renders every option plus "type".
func (f BoolField) MarshalJSON() ([]byte, error) {
	type alias BoolField
	return MarshalFieldWithType(FieldTypeBool, alias(f))
}

// ColumnType is BOOLEAN.
func (f *BoolField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnBool) }

// PrepareValue converts raw into a bool: form values "true", "1", "on",
// "yes" (any case) are true; anything unrecognised is false.
func (f *BoolField) PrepareValue(record *Record, raw any) (any, error) {
	return toFieldBool(raw), nil
}

func toFieldBool(raw any) bool {
	switch v := raw.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return parseFieldBool(v)
	case []byte:
		return parseFieldBool(string(v))
	}
	return cast.ToBool(raw)
}

func parseFieldBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "on", "yes", "y":
		return true
	}
	return false
}

// ValidateValue requires true when the field is required.
func (f *BoolField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	v, ok := record.GetRaw(f.Name).(bool)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if f.Required && !v {
		return validation.Required()
	}
	return nil
}

// ValidateSettings checks the id and name.
func (f *BoolField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	return fieldBaseErrors(f.Id, f.Name).Filter()
}
