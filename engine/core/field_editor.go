package core

import (
	"context"
	"fmt"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

func init() {
	FieldFactories[FieldTypeEditor] = func() Field { return &EditorField{} }
}

// DefaultEditorFieldMaxSize applies when EditorField.MaxSize is 0 (5MB).
const DefaultEditorFieldMaxSize int64 = 5 << 20

// EditorField stores HTML text ("" by default).
type EditorField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// MaxSize bounds the value in bytes (0 = DefaultEditorFieldMaxSize).
	MaxSize int64 `json:"maxSize"`
	// ConvertURLs tells the dashboard editor to rewrite same-site URLs.
	ConvertURLs bool `json:"convertURLs"`
}

var _ Field = (*EditorField)(nil)

func (f *EditorField) Type() string { return FieldTypeEditor }

// MarshalJSON renders every option plus "type".
func (f EditorField) MarshalJSON() ([]byte, error) {
	type alias EditorField
	return MarshalFieldWithType(FieldTypeEditor, alias(f))
}

// ColumnType is TEXT.
func (f *EditorField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnText) }

// PrepareValue casts raw to a string.
func (f *EditorField) PrepareValue(record *Record, raw any) (any, error) {
	return cast.ToString(raw), nil
}

// CalculateMaxBodySize is the largest value the field accepts, in bytes.
func (f *EditorField) CalculateMaxBodySize() int64 {
	if f.MaxSize <= 0 {
		return DefaultEditorFieldMaxSize
	}
	return f.MaxSize
}

// ValidateValue checks required and the size limit.
func (f *EditorField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	val, ok := record.GetRaw(f.Name).(string)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if f.Required && val == "" {
		return validation.Required()
	}
	if max := f.CalculateMaxBodySize(); int64(len(val)) > max {
		return fieldError("validation_content_size_limit",
			fmt.Sprintf("The maximum allowed content size is %d bytes.", max), map[string]any{"maxSize": max})
	}
	return nil
}

// ValidateSettings checks maxSize.
func (f *EditorField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	errs["maxSize"] = fieldFirstError(fieldMinRule(f.MaxSize, 0), fieldMaxRule(f.MaxSize, fieldMaxSafeJSONInt))
	return errs.Filter()
}
