package core

import (
	"context"
	"regexp"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

func init() {
	FieldFactories[FieldTypeEmail] = func() Field { return &EmailField{} }
}

// EmailField stores one email address ("" by default).
type EmailField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// ExceptDomains rejects addresses of these domains (only when
	// OnlyDomains is empty).
	ExceptDomains []string `json:"exceptDomains"`
	// OnlyDomains accepts only addresses of these domains.
	OnlyDomains []string `json:"onlyDomains"`
}

var _ Field = (*EmailField)(nil)

func (f *EmailField) Type() string { return FieldTypeEmail }

// MarshalJSON renders every option plus "type" (domain lists as [] when unset).
func (f EmailField) MarshalJSON() ([]byte, error) {
	type alias EmailField
	f.ExceptDomains = fieldNonNilStrings(f.ExceptDomains)
	f.OnlyDomains = fieldNonNilStrings(f.OnlyDomains)
	return MarshalFieldWithType(FieldTypeEmail, alias(f))
}

// ColumnType is TEXT.
func (f *EmailField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnText) }

// PrepareValue casts raw to a string.
func (f *EmailField) PrepareValue(record *Record, raw any) (any, error) {
	return cast.ToString(raw), nil
}

// fieldEmailRegex is the WHATWG (HTML input type=email) address syntax.
var fieldEmailRegex = regexp.MustCompile("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")

// fieldIsEmail reports whether s is a syntactically valid email address.
func fieldIsEmail(s string) bool {
	return len(s) <= 254 && fieldEmailRegex.MatchString(s)
}

// ValidateValue checks the address syntax and the domain lists.
func (f *EmailField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	val, ok := record.GetRaw(f.Name).(string)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if val == "" {
		if f.Required {
			return validation.Required()
		}
		return nil
	}
	if !fieldIsEmail(val) {
		return fieldError("validation_is_email", "Must be a valid email address.", nil)
	}
	domain := val[strings.LastIndex(val, "@")+1:]
	if !fieldDomainAllowed(domain, f.OnlyDomains, f.ExceptDomains) {
		return fieldError("validation_email_domain_not_allowed", "Email domain is not allowed.", nil)
	}
	return nil
}

// fieldDomainAllowed applies onlyDomains/exceptDomains (case-insensitively,
// as DNS names are).
func fieldDomainAllowed(domain string, only, except []string) bool {
	contains := func(list []string) bool {
		for _, d := range list {
			if strings.EqualFold(d, domain) {
				return true
			}
		}
		return false
	}
	if len(only) > 0 && !contains(only) {
		return false
	}
	return !(len(except) > 0 && contains(except))
}

// ValidateSettings allows only one of the domain lists, each of domains.
func (f *EmailField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	errs["exceptDomains"] = fieldDomainsRule(f.ExceptDomains, f.OnlyDomains)
	errs["onlyDomains"] = fieldDomainsRule(f.OnlyDomains, f.ExceptDomains)
	return errs.Filter()
}

// fieldNonNilStrings makes JSON render an empty list as [] rather than null.
func fieldNonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
