package core

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

func init() {
	FieldFactories[FieldTypeNumber] = func() Field { return &NumberField{} }
}

// NumberField stores a float64 (0 by default).
//
// Set modifiers: "name+" adds to and "name-" subtracts from the current value.
type NumberField struct {
	FieldBase
	Help string `json:"help"`

	// Required rejects 0.
	Required bool `json:"required"`
	// Min and Max bound the value when set (null in JSON when unset).
	Min *float64 `json:"min"`
	Max *float64 `json:"max"`
	// OnlyInt rejects decimals.
	OnlyInt bool `json:"onlyInt"`
}

var (
	_ Field        = (*NumberField)(nil)
	_ SetterFinder = (*NumberField)(nil)
)

func (f *NumberField) Type() string { return FieldTypeNumber }

// MarshalJSON renders every option plus "type".
func (f NumberField) MarshalJSON() ([]byte, error) {
	type alias NumberField
	return MarshalFieldWithType(FieldTypeNumber, alias(f))
}

// ColumnType is NUMERIC.
func (f *NumberField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnNumber) }

// PrepareValue converts raw into a float64; unparsable input gives 0.
func (f *NumberField) PrepareValue(record *Record, raw any) (any, error) {
	return toFieldFloat(raw), nil
}

// toFieldFloat reads numbers from the DB (text), forms ("12.5", "") and
// JSON/JS values alike.
func toFieldFloat(raw any) float64 {
	switch v := raw.(type) {
	case nil:
		return 0
	case float64:
		return v
	case string:
		return parseFieldFloat(v)
	case []byte:
		return parseFieldFloat(string(v))
	case bool:
		if v {
			return 1
		}
		return 0
	}
	return cast.ToFloat64(raw)
}

func parseFieldFloat(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0
	}
	return n
}

// ValidateValue checks required, onlyInt and the min/max bounds.
func (f *NumberField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	val, ok := record.GetRaw(f.Name).(float64)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if math.IsNaN(val) || math.IsInf(val, 0) {
		return fieldError("validation_not_a_number", "The submitted number is not properly formatted.", nil)
	}
	if val == 0 {
		if f.Required {
			return validation.Required()
		}
		return nil
	}
	if f.OnlyInt && val != math.Trunc(val) {
		return fieldError("validation_only_int_constraint", "Decimal numbers are not allowed.", nil)
	}
	if f.Min != nil && val < *f.Min {
		return fieldError("validation_min_number_constraint", fmt.Sprintf("Must be greater or equal than %v.", *f.Min),
			map[string]any{"min": *f.Min})
	}
	if f.Max != nil && val > *f.Max {
		return fieldError("validation_max_number_constraint", fmt.Sprintf("Must be less or equal than %v.", *f.Max),
			map[string]any{"max": *f.Max})
	}
	return nil
}

// ValidateSettings checks that min/max are integers when onlyInt is set
// and that max is not below min.
func (f *NumberField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	errs["min"] = f.checkOnlyInt(f.Min)
	errs["max"] = f.checkOnlyInt(f.Max)
	if errs["max"] == nil && f.Min != nil && f.Max != nil {
		errs["max"] = fieldMinRule(*f.Max, *f.Min)
	}
	return errs.Filter()
}

func (f *NumberField) checkOnlyInt(v *float64) error {
	if v == nil || !f.OnlyInt || *v == math.Trunc(*v) {
		return nil
	}
	return fieldError("validation_only_int_constraint", "Decimal numbers are not allowed.", nil)
}

// FindSetter handles "name", "name+" and "name-".
func (f *NumberField) FindSetter(key string) SetterFunc {
	switch key {
	case f.Name:
		return func(record *Record, raw any) { record.SetRaw(f.Name, toFieldFloat(raw)) }
	case f.Name + "+":
		return func(record *Record, raw any) {
			record.SetRaw(f.Name, toFieldFloat(record.GetRaw(f.Name))+toFieldFloat(raw))
		}
	case f.Name + "-":
		return func(record *Record, raw any) {
			record.SetRaw(f.Name, toFieldFloat(record.GetRaw(f.Name))-toFieldFloat(raw))
		}
	}
	return nil
}
