package core

import (
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/inflector"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// Shared option and value checks of the field types. Codes and rendered
// messages match PocketBase's (its ozzo-validation rules), so API clients
// see the same error items.

// fieldMaxSafeJSONInt is the largest integer a JS client can hold exactly.
const fieldMaxSafeJSONInt int64 = 1<<53 - 1

// fieldReservedNames are filter literals and the dynamic keys every record
// JSON carries; a field with one of these names could not be addressed.
var fieldReservedNames = []string{"null", "true", "false", "_rowid_",
	FieldNameCollectionId, FieldNameCollectionName, FieldNameExpand}

// fieldError builds an error item whose message is already rendered.
func fieldError(code, message string, params map[string]any) *validation.Error {
	e := validation.NewError(code, message)
	if len(params) > 0 {
		e.SetParams(params)
	}
	return e
}

func fieldErrUnsupportedType() *validation.Error {
	return validation.NewError("validation_unsupported_value_type", "Invalid or unsupported value type.")
}

// fieldIdRule checks the stable id every field carries.
func fieldIdRule(id string) error {
	if id == "" {
		return validation.Required()
	}
	return fieldLengthRule(id, 1, 100)
}

// fieldNameRule checks a field name: a word of at most 100
// characters that is not a reserved literal and has no "_via_" (which
// back-relation paths use as separator).
func fieldNameRule(name string) error {
	if name == "" {
		return validation.Required()
	}
	if err := fieldLengthRule(name, 1, 100); err != nil {
		return err
	}
	if !fieldNameRegex.MatchString(name) {
		return fieldError("validation_match_invalid", "Must be in a valid format.", nil)
	}
	for _, reserved := range fieldReservedNames {
		if name == reserved {
			return fieldError("validation_not_in_invalid", "Must not be in list.", nil)
		}
	}
	if strings.Contains(strings.ToLower(name), "_via_") {
		return fieldError("validation_found_via", `The value cannot contain "_via_".`, nil)
	}
	return nil
}

// fieldBaseErrors returns the id and name checks shared by every type.
func fieldBaseErrors(id, name string) validation.Errors {
	return validation.Errors{"id": fieldIdRule(id), "name": fieldNameRule(name)}
}

// fieldLengthRule checks a rune length range; empty strings are not checked.
func fieldLengthRule(s string, min, max int) error {
	n := len([]rune(s))
	if n == 0 || (n >= min && n <= max) {
		return nil
	}
	return fieldError("validation_length_out_of_range",
		fmt.Sprintf("The length must be between %d and %d.", min, max),
		map[string]any{"min": min, "max": max})
}

// number is the set of option types the threshold rules compare.
type fieldNumber interface {
	~int | ~int64 | ~float64
}

// fieldMinRule fails when v < threshold. Zero values are not checked, as in
// PocketBase, so an unset option never fails its range check.
func fieldMinRule[T fieldNumber](v, threshold T) error {
	if v == 0 || v >= threshold {
		return nil
	}
	return fieldError("validation_min_greater_equal_than_required",
		fmt.Sprintf("Must be no less than %v.", threshold), map[string]any{"threshold": threshold})
}

// fieldMaxRule fails when v > threshold; zero values are not checked.
func fieldMaxRule[T fieldNumber](v, threshold T) error {
	if v == 0 || v <= threshold {
		return nil
	}
	return fieldError("validation_max_less_equal_than_required",
		fmt.Sprintf("Must be no greater than %v.", threshold), map[string]any{"threshold": threshold})
}

// fieldFirstError returns the first non-nil error, mimicking a rule chain.
func fieldFirstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// fieldRegexRule checks that a non-empty pattern compiles.
func fieldRegexRule(pattern string) error {
	if pattern == "" {
		return nil
	}
	if _, err := regexp.Compile(pattern); err != nil {
		return fieldError("validation_invalid_regex", inflector.Sentenize(err.Error()), nil)
	}
	return nil
}

// fieldDomainRegex accepts DNS names with at least two labels and an alphabetic
// (or punycode) top-level label.
var fieldDomainRegex = regexp.MustCompile(`(?i)^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{1,63}|xn--[a-z0-9]{1,59})$`)

func fieldIsDomain(s string) bool {
	return len(s) <= 255 && fieldDomainRegex.MatchString(s)
}

// fieldDomainsRule checks the onlyDomains/exceptDomains pair of email and url
// fields: only one list may be set, and each item must be a domain.
func fieldDomainsRule(list, other []string) error {
	if len(other) > 0 {
		if len(list) > 0 {
			return fieldError("validation_empty", "Must be blank.", nil)
		}
		return nil
	}
	errs := validation.Errors{}
	for i, d := range list {
		if d != "" && !fieldIsDomain(d) {
			errs[fmt.Sprint(i)] = fieldError("validation_is_domain", "Must be a valid domain.", nil)
		}
	}
	return errs.Filter()
}

// columnType resolves a column kind through the app's dialect (SQLite
// when no app is given, e.g. while building a migration's SQL offline).
func fieldColumnType(app *App, kind dialect.ColumnKind) string {
	if app == nil || app.appShared == nil || app.Dialect() == nil {
		return dialect.SQLite.ColumnType(kind)
	}
	return app.Dialect().ColumnType(kind)
}

// fieldIsNoRows reports whether err only says that a query found nothing.
func fieldIsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
