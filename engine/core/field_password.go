package core

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/inflector"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
	"golang.org/x/crypto/bcrypt"
)

func init() {
	FieldFactories[FieldTypePassword] = func() Field { return &PasswordField{} }
}

// DefaultPasswordFieldMaxLength applies when PasswordField.Max is 0 (bcrypt
// only reads 72 bytes).
const DefaultPasswordFieldMaxLength = 71

// PasswordField stores a bcrypt hash. Its record value is a
// *PasswordFieldValue: Record.Set("password", "plain") hashes the plain
// text (kept until the record is saved, for validation), and
// SetRaw/PrepareValue with a stored hash load it as is.
//
// Getters: "name" is the plain text being set ("" once saved) and
// "name:hash" the hash.
type PasswordField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// Min and Max bound the plain text length in characters (Max 0 = 71).
	Min int `json:"min"`
	Max int `json:"max"`
	// Cost is the bcrypt cost (0 = bcrypt.DefaultCost).
	Cost int `json:"cost"`
	// Pattern is an optional regex the plain text must match.
	Pattern string `json:"pattern"`
}

// PasswordFieldValue is a password field's record value.
type PasswordFieldValue struct {
	// LastError is the hashing error of the last Set, reported on validation.
	LastError error
	Hash      string
	Plain     string
}

// Validate reports whether plain matches the hash.
func (pv *PasswordFieldValue) Validate(plain string) bool {
	if pv == nil || pv.Hash == "" || pv.LastError != nil {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(pv.Hash), []byte(plain)) == nil
}

// MarshalJSON renders only the hash, so that no JSON rendering of a record
// value ever carries the plain text (IsChanged compares hashes).
func (pv *PasswordFieldValue) MarshalJSON() ([]byte, error) {
	if pv == nil {
		return []byte(`""`), nil
	}
	return json.Marshal(pv.Hash)
}

var (
	_ Field             = (*PasswordField)(nil)
	_ SetterFinder      = (*PasswordField)(nil)
	_ GetterFinder      = (*PasswordField)(nil)
	_ DriverValuer      = (*PasswordField)(nil)
	_ RecordInterceptor = (*PasswordField)(nil)
)

func (f *PasswordField) Type() string { return FieldTypePassword }

// MarshalJSON renders every option plus "type".
func (f PasswordField) MarshalJSON() ([]byte, error) {
	type alias PasswordField
	return MarshalFieldWithType(FieldTypePassword, alias(f))
}

// ColumnType is TEXT.
func (f *PasswordField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnText) }

// PrepareValue wraps a stored hash (raw) into a *PasswordFieldValue.
func (f *PasswordField) PrepareValue(record *Record, raw any) (any, error) {
	if pv, ok := raw.(*PasswordFieldValue); ok && pv != nil {
		return pv, nil
	}
	return &PasswordFieldValue{Hash: cast.ToString(raw)}, nil
}

// PasswordValue returns the record's password value (never nil). A raw
// string that looks like a bcrypt hash ("$2…") is read as the hash.
func (f *PasswordField) PasswordValue(record *Record) *PasswordFieldValue {
	switch v := record.GetRaw(f.Name).(type) {
	case *PasswordFieldValue:
		if v != nil {
			return v
		}
	case string:
		if strings.HasPrefix(v, "$2") {
			return &PasswordFieldValue{Hash: v}
		}
	}
	return &PasswordFieldValue{}
}

// DriverValue stores the hash.
func (f *PasswordField) DriverValue(record *Record) (driver.Value, error) {
	pv := f.PasswordValue(record)
	return pv.Hash, pv.LastError
}

// ValidateValue checks required (on the hash) and, when a new plain text
// was set, its length and pattern.
func (f *PasswordField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	pv, ok := record.GetRaw(f.Name).(*PasswordFieldValue)
	if !ok || pv == nil {
		return fieldErrUnsupportedType()
	}
	if pv.LastError != nil {
		return fieldError("validation_invalid_value", inflector.Sentenize(pv.LastError.Error()), nil)
	}
	if f.Required && pv.Hash == "" {
		return validation.Required()
	}
	if pv.Plain == "" {
		return nil
	}
	length := len([]rune(pv.Plain))
	if length < f.Min {
		return fieldError("validation_min_text_constraint", fmt.Sprintf("Must be at least %d character(s).", f.Min), nil)
	}
	max := f.Max
	if max <= 0 {
		max = DefaultPasswordFieldMaxLength
	}
	if length > max {
		return fieldError("validation_max_text_constraint", fmt.Sprintf("Must be less than %d character(s).", max), nil)
	}
	if f.Pattern != "" {
		if !matchFieldPattern(f.Pattern, pv.Plain) {
			return fieldError("validation_invalid_format", "Invalid value format.", nil)
		}
	}
	return nil
}

// ValidateSettings checks 1 <= min <= max <= 71, the bcrypt cost and the pattern.
func (f *PasswordField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	errs["min"] = fieldFirstError(fieldMinRule(f.Min, 1), fieldMaxRule(f.Min, DefaultPasswordFieldMaxLength))
	errs["max"] = fieldFirstError(fieldMinRule(f.Max, f.Min), fieldMaxRule(f.Max, DefaultPasswordFieldMaxLength))
	errs["cost"] = fieldFirstError(fieldMinRule(f.Cost, bcrypt.MinCost), fieldMaxRule(f.Cost, bcrypt.MaxCost))
	errs["pattern"] = fieldRegexRule(f.Pattern)
	return errs.Filter()
}

// Intercept forgets the plain text once the record is stored.
func (f *PasswordField) Intercept(ctx context.Context, app *App, record *Record, action string, next func() error) error {
	switch action {
	case InterceptorActionAfterCreate, InterceptorActionAfterUpdate:
		f.PasswordValue(record).Plain = ""
	}
	return next()
}

// FindGetter handles "name" (the plain text being set) and "name:hash".
func (f *PasswordField) FindGetter(key string) func(record *Record) any {
	switch key {
	case f.Name:
		return func(record *Record) any { return f.PasswordValue(record).Plain }
	case f.Name + ":hash":
		return func(record *Record) any { return f.PasswordValue(record).Hash }
	}
	return nil
}

// FindSetter handles "name": the plain text is hashed right away.
func (f *PasswordField) FindSetter(key string) SetterFunc {
	if key != f.Name {
		return nil
	}
	return func(record *Record, raw any) {
		pv := &PasswordFieldValue{Plain: cast.ToString(raw)}
		if pv.Plain != "" {
			cost := f.Cost
			if cost <= 0 {
				cost = bcrypt.DefaultCost
			}
			hash, err := bcrypt.GenerateFromPassword([]byte(pv.Plain), cost)
			pv.Hash, pv.LastError = string(hash), err
		}
		record.SetRaw(f.Name, pv)
	}
}
