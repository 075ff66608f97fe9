package core

import (
	"context"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func init() {
	FieldFactories[FieldTypeDate] = func() Field { return &DateField{} }
}

// DateField stores a types.DateTime (zero, rendered "", by default).
type DateField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// Min and Max bound the date when non-zero ("" in JSON when unset).
	Min types.DateTime `json:"min"`
	Max types.DateTime `json:"max"`
}

var _ Field = (*DateField)(nil)

func (f *DateField) Type() string { return FieldTypeDate }

// MarshalJSON renders every option plus "type".
func (f DateField) MarshalJSON() ([]byte, error) {
	type alias DateField
	return MarshalFieldWithType(FieldTypeDate, alias(f))
}

// ColumnType is TEXT (dates are stored as sortable UTC strings).
func (f *DateField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnText) }

// PrepareValue parses raw into a types.DateTime; unparsable input gives
// the zero date (stored values may come from older formats).
func (f *DateField) PrepareValue(record *Record, raw any) (any, error) {
	d, _ := types.ParseDateTime(raw)
	return d, nil
}

// ValidateValue checks required and the min/max bounds.
func (f *DateField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	val, ok := record.GetRaw(f.Name).(types.DateTime)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if val.IsZero() {
		if f.Required {
			return validation.Required()
		}
		return nil
	}
	if !f.Min.IsZero() && val.Before(f.Min) {
		return fieldError("validation_min_greater_equal_than_required",
			"Must be no less than "+f.Min.String()+".", map[string]any{"threshold": f.Min})
	}
	if !f.Max.IsZero() && val.After(f.Max) {
		return fieldError("validation_max_less_equal_than_required",
			"Must be no greater than "+f.Max.String()+".", map[string]any{"threshold": f.Max})
	}
	return nil
}

// ValidateSettings checks that max is not before min.
func (f *DateField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	if !f.Min.IsZero() && !f.Max.IsZero() && f.Max.Before(f.Min) {
		errs["max"] = fieldError("validation_date_out_of_range", "The date is out of range.", nil)
	}
	return errs.Filter()
}
