package core

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/inflector"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/pocketbase/dbx"
	"github.com/spf13/cast"
)

func init() {
	FieldFactories[FieldTypeText] = func() Field { return &TextField{} }
}

// DefaultTextFieldMaxLength applies when TextField.Max is 0.
const DefaultTextFieldMaxLength = 5000

// TextField stores a string ("" by default).
//
// Set modifier: "name:autogenerate" appends a value generated from
// AutogeneratePattern to the given prefix. A new record whose value is
// empty also gets a generated value before validation and insert.
type TextField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// PrimaryKey marks the collection's "id" field (exactly one per collection).
	PrimaryKey bool `json:"primaryKey"`
	// Min and Max bound the length in characters (0 = no min, Max 0 = 5000).
	Min int `json:"min"`
	Max int `json:"max"`
	// Pattern is an optional regex the value must match.
	Pattern string `json:"pattern"`
	// AutogeneratePattern is a regex random values are generated from.
	AutogeneratePattern string `json:"autogeneratePattern"`
}

var (
	_ Field             = (*TextField)(nil)
	_ SetterFinder      = (*TextField)(nil)
	_ RecordInterceptor = (*TextField)(nil)
)

func (f *TextField) Type() string { return FieldTypeText }

// MarshalJSON renders every option plus "type".
func (f TextField) MarshalJSON() ([]byte, error) {
	type alias TextField
	return MarshalFieldWithType(FieldTypeText, alias(f))
}

// ColumnType is TEXT, or the primary key column for the id field.
func (f *TextField) ColumnType(app *App) string {
	if f.PrimaryKey {
		return fieldColumnType(app, dialect.ColumnPrimaryKey)
	}
	return fieldColumnType(app, dialect.ColumnText)
}

// PrepareValue casts raw to a string.
func (f *TextField) PrepareValue(record *Record, raw any) (any, error) {
	return cast.ToString(raw), nil
}

// fieldForbiddenPKChars would let an id escape its storage directory.
var fieldForbiddenPKChars = []string{"/", "\\"}

// ValidateValue checks the length/pattern options; a primary key must also
// be unchanged on update and, on create, free of path separators and
// unique (case-insensitively, since ids name storage directories).
func (f *TextField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	val, ok := record.GetRaw(f.Name).(string)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if f.PrimaryKey {
		if !record.IsNew() {
			old := cast.ToString(record.LastSavedPK())
			if old != val {
				return fieldError("validation_pk_change", "The record primary key cannot be changed.", nil)
			}
			if old != "" {
				// Stored ids may predate the current options (imports).
				return nil
			}
		} else {
			for _, c := range fieldForbiddenPKChars {
				if strings.Contains(val, c) {
					return fieldError("validation_pk_forbidden", "The record primary key contains forbidden characters.",
						map[string]any{"forbidden": c})
				}
			}
			if err := f.checkPKUnique(ctx, app, record, val); err != nil {
				return err
			}
		}
	}
	return f.ValidatePlainValue(val)
}

func (f *TextField) checkPKUnique(ctx context.Context, app *App, record *Record, val string) error {
	if val == "" || app == nil || val == record.generatedId {
		return nil
	}
	// Ids differing only by case would clash on case-insensitive file
	// systems (storage/<id>/). When the pattern cannot produce upper-case
	// letters, every stored id is lower-case and the exact, indexed lookup
	// is enough; the NOCASE comparison scans the whole table.
	cond := "[[id]] = {:id}"
	if f.allowsUpperCase() {
		cond = "[[id]] = {:id} COLLATE NOCASE"
	}
	var found int
	err := app.DB().Select("(1)").From(record.TableName()).
		Where(dbx.NewExp(cond, dbx.Params{"id": val})).
		Limit(1).WithContext(ctx).Row(&found)
	if err != nil && !fieldIsNoRows(err) {
		return fieldError("validation_pk_invalid", "The record primary key is invalid or already exists.", nil)
	}
	if found == 1 {
		if f.Pattern == defaultRecordIdPattern {
			// PocketBase leaves this case to the table's UNIQUE constraint,
			// which clients see as validation_not_unique
			return fieldError(validation.ErrNotUnique.Code, validation.ErrNotUnique.Message, nil)
		}
		return fieldError("validation_pk_invalid", "The record primary key is invalid or already exists.", nil)
	}
	return nil
}

// ValidatePlainValue checks a string against required, min, max and pattern.
func (f *TextField) ValidatePlainValue(val string) error {
	if (f.Required || f.PrimaryKey) && val == "" {
		return validation.Required()
	}
	if val == "" {
		return nil
	}
	length := len([]rune(val))
	if f.Min > 0 && length < f.Min {
		return fieldError("validation_min_text_constraint",
			fmt.Sprintf("Must be at least %d character(s).", f.Min), map[string]any{"min": f.Min})
	}
	max := f.Max
	if max <= 0 {
		max = DefaultTextFieldMaxLength
	}
	if length > max {
		return fieldError("validation_max_text_constraint",
			fmt.Sprintf("Must be no more than %d character(s).", max), map[string]any{"max": max})
	}
	if f.Pattern != "" {
		if !matchFieldPattern(f.Pattern, val) {
			return fieldError("validation_invalid_format", "Invalid value format.", nil)
		}
	}
	return nil
}

// ValidateSettings checks the options; a primary key must be the single
// required, visible "id" field with a pattern.
func (f *TextField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	if errs["name"] == nil && f.PrimaryKey && f.Name != FieldNameId {
		errs["name"] = fieldError("validation_in_invalid", `The primary key must be named "id".`, nil)
	}
	if f.PrimaryKey && collection != nil {
		total := 0
		for _, field := range collection.Fields {
			if text, ok := field.(*TextField); ok && text.PrimaryKey {
				total++
			}
		}
		if total > 1 {
			errs["primaryKey"] = fieldError("validation_unsupported_composite_pk",
				"Composite PKs are not supported and the collection must have only 1 PK.", nil)
		}
	}
	errs["min"] = fieldFirstError(fieldMinRule(f.Min, 0), fieldMaxRule(int64(f.Min), fieldMaxSafeJSONInt))
	errs["max"] = fieldFirstError(fieldMinRule(f.Max, f.Min), fieldMaxRule(int64(f.Max), fieldMaxSafeJSONInt))
	if f.PrimaryKey && f.Pattern == "" {
		errs["pattern"] = validation.Required()
	} else {
		errs["pattern"] = fieldRegexRule(f.Pattern)
	}
	if f.PrimaryKey && f.Hidden {
		errs["hidden"] = fieldError("validation_empty", "Must be blank.", nil)
	}
	if f.PrimaryKey && !f.Required {
		errs["required"] = validation.Required()
	}
	errs["autogeneratePattern"] = fieldFirstError(fieldRegexRule(f.AutogeneratePattern), f.checkAutogeneratePattern())
	return errs.Filter()
}

// checkAutogeneratePattern samples the pattern a few times to catch
// patterns that produce values the other options would reject.
func (f *TextField) checkAutogeneratePattern() error {
	if f.AutogeneratePattern == "" {
		return nil
	}
	for range 10 {
		v, err := security.RandomStringByRegex(f.AutogeneratePattern)
		if err != nil {
			return fieldError("validation_invalid_autogenerate_pattern", inflector.Sentenize(err.Error()), nil)
		}
		if f.ValidatePlainValue(v) != nil {
			return fieldError("validation_invalid_autogenerate_pattern_value",
				fmt.Sprintf("The provided autogenerate pattern could produce invalid field values, ex.: %q.", v), nil)
		}
	}
	return nil
}

// Intercept fills an empty value of a new record from AutogeneratePattern
// before it is validated or inserted.
func (f *TextField) Intercept(ctx context.Context, app *App, record *Record, action string, next func() error) error {
	switch action {
	case InterceptorActionValidate, InterceptorActionCreate:
		if f.AutogeneratePattern != "" && record.IsNew() && cast.ToString(record.GetRaw(f.Name)) == "" {
			v, err := security.RandomStringByRegex(f.AutogeneratePattern)
			if err != nil {
				return fmt.Errorf("autogenerate %q: %w", f.Name, err)
			}
			record.SetRaw(f.Name, v)
		}
	}
	return next()
}

// FindSetter handles "name" and "name:autogenerate".
func (f *TextField) FindSetter(key string) SetterFunc {
	switch key {
	case f.Name:
		return func(record *Record, raw any) { record.SetRaw(f.Name, cast.ToString(raw)) }
	case f.Name + ":autogenerate":
		return func(record *Record, raw any) {
			v := cast.ToString(raw)
			if f.AutogeneratePattern != "" {
				generated, _ := security.RandomStringByRegex(f.AutogeneratePattern)
				v += generated
			}
			record.SetRaw(f.Name, v)
		}
	}
	return nil
}

// allowsUpperCase reports whether ids matching the field's pattern may hold
// upper-case letters (no pattern allows anything).
func (f *TextField) allowsUpperCase() bool {
	if f.Pattern == "" {
		return true
	}
	if cached, ok := upperCasePatterns.Load(f.Pattern); ok {
		return cached.(bool)
	}
	allows := true
	if re, err := regexp.Compile(f.Pattern); err == nil {
		allows = re.MatchString("A") || re.MatchString("aA") || re.MatchString("a1A") || strings.ToLower(f.Pattern) != f.Pattern
	}
	upperCasePatterns.Store(f.Pattern, allows)
	return allows
}

// upperCasePatterns caches allowsUpperCase per pattern (checked on every create).
var upperCasePatterns sync.Map

// defaultRecordIdPattern is the pattern of the id field of new collections.
const defaultRecordIdPattern = "^[a-z0-9]+$"
