package core

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/list"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func init() {
	FieldFactories[FieldTypeSelect] = func() Field { return &SelectField{} }
}

// SelectField stores one (MaxSelect <= 1, a string) or several (a
// []string) of its predefined Values.
//
// Set modifiers: "name+" appends, "+name" prepends, "name-" removes.
type SelectField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// Values are the accepted values.
	Values []string `json:"values"`
	// MaxSelect > 1 makes the field multi-valued with at most that many items.
	MaxSelect int `json:"maxSelect"`
}

var (
	_ Field        = (*SelectField)(nil)
	_ MultiValuer  = (*SelectField)(nil)
	_ DriverValuer = (*SelectField)(nil)
	_ SetterFinder = (*SelectField)(nil)
)

func (f *SelectField) Type() string { return FieldTypeSelect }

// MarshalJSON renders every option plus "type" (values as [] when unset).
func (f SelectField) MarshalJSON() ([]byte, error) {
	type alias SelectField
	f.Values = fieldNonNilStrings(f.Values)
	return MarshalFieldWithType(FieldTypeSelect, alias(f))
}

// IsMultiple reports whether the value is a list (MaxSelect > 1).
func (f *SelectField) IsMultiple() bool { return f.MaxSelect > 1 }

// ColumnType is a JSON array for multiple values, else TEXT.
func (f *SelectField) ColumnType(app *App) string {
	if f.IsMultiple() {
		return fieldColumnType(app, dialect.ColumnJSONArray)
	}
	return fieldColumnType(app, dialect.ColumnText)
}

// PrepareValue normalises raw into a string or a []string.
func (f *SelectField) PrepareValue(record *Record, raw any) (any, error) {
	return fieldMultiValue(fieldStrings(raw), f.IsMultiple()), nil
}

// DriverValue stores a JSON array text (multiple) or the string.
func (f *SelectField) DriverValue(record *Record) (driver.Value, error) {
	return fieldMultiDriverValue(record.GetRaw(f.Name), f.IsMultiple())
}

// ValidateValue checks required, maxSelect and that every item is one of Values.
func (f *SelectField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	items := fieldStrings(record.GetRaw(f.Name))
	if len(items) == 0 {
		if f.Required {
			return validation.Required()
		}
		return nil
	}
	maxSelect := max(f.MaxSelect, 1)
	if len(items) > maxSelect {
		return fieldError("validation_too_many_values", fmt.Sprintf("Select no more than %d.", maxSelect),
			map[string]any{"maxSelect": maxSelect})
	}
	for _, item := range items {
		if !list.ExistInSlice(item, f.Values) {
			return fieldError("validation_invalid_value", fmt.Sprintf("Invalid value %s.", item),
				map[string]any{"value": item})
		}
	}
	return nil
}

// ValidateSettings needs at least one value and 0 <= maxSelect <= len(values).
func (f *SelectField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	if len(f.Values) == 0 {
		errs["values"] = validation.Required()
	}
	errs["maxSelect"] = fieldFirstError(fieldMinRule(f.MaxSelect, 0), fieldMaxRule(f.MaxSelect, max(len(f.Values), 1)))
	return errs.Filter()
}

// FindSetter handles "name", "name+", "+name" and "name-".
func (f *SelectField) FindSetter(key string) SetterFunc {
	return fieldMultiSetter(f.Name, key, func(record *Record, items []string) {
		record.SetRaw(f.Name, fieldMultiValue(fieldStrings(items), f.IsMultiple()))
	})
}
