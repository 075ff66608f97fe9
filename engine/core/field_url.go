package core

import (
	"context"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

func init() {
	FieldFactories[FieldTypeURL] = func() Field { return &URLField{} }
}

// URLField stores one URL ("" by default).
type URLField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// ExceptDomains rejects URLs of these hosts (only when OnlyDomains is empty).
	ExceptDomains []string `json:"exceptDomains"`
	// OnlyDomains accepts only URLs of these hosts.
	OnlyDomains []string `json:"onlyDomains"`
}

var _ Field = (*URLField)(nil)

func (f *URLField) Type() string { return FieldTypeURL }

// MarshalJSON renders every option plus "type" (domain lists as [] when unset).
func (f URLField) MarshalJSON() ([]byte, error) {
	type alias URLField
	f.ExceptDomains = fieldNonNilStrings(f.ExceptDomains)
	f.OnlyDomains = fieldNonNilStrings(f.OnlyDomains)
	return MarshalFieldWithType(FieldTypeURL, alias(f))
}

// ColumnType is TEXT.
func (f *URLField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnText) }

// PrepareValue casts raw to a string.
func (f *URLField) PrepareValue(record *Record, raw any) (any, error) {
	return cast.ToString(raw), nil
}

// fieldURLSchemes are the schemes accepted by PocketBase's URL check.
var fieldURLSchemes = map[string]bool{"http": true, "https": true, "ftp": true, "tcp": true, "udp": true, "ws": true, "wss": true}

// parseFieldURL returns the URL when s is a valid absolute URL of a known
// scheme, or without scheme (then http is assumed, e.g. "example.com/a").
func parseFieldURL(s string) (*url.URL, bool) {
	if s == "" || len(s) > 2083 || strings.ContainsAny(s, " \t\r\n") || strings.HasPrefix(s, ".") {
		return nil, false
	}
	withScheme := s
	if !strings.Contains(s, "://") {
		withScheme = "http://" + s
	}
	u, err := url.Parse(withScheme)
	if err != nil || !fieldURLSchemes[strings.ToLower(u.Scheme)] || u.Host == "" {
		return nil, false
	}
	// Without a scheme, "user:x@host" is more likely "mailto:a@b" or alike.
	if withScheme != s && u.User != nil {
		return nil, false
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, false
		}
	}
	host := u.Hostname()
	if host != "localhost" && net.ParseIP(host) == nil && !fieldIsDomain(host) {
		return nil, false
	}
	return u, true
}

// ValidateValue checks the URL syntax and the host lists.
func (f *URLField) ValidateValue(ctx context.Context, app *App, record *Record) error {
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
	u, ok := parseFieldURL(val)
	if !ok {
		return fieldError("validation_invalid_url", "Must be a valid url.", nil)
	}
	if !fieldDomainAllowed(u.Host, f.OnlyDomains, f.ExceptDomains) {
		return fieldError("validation_url_domain_not_allowed", "Url domain is not allowed.", nil)
	}
	return nil
}

// ValidateSettings allows only one of the domain lists, each of domains.
func (f *URLField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	errs["exceptDomains"] = fieldDomainsRule(f.ExceptDomains, f.OnlyDomains)
	errs["onlyDomains"] = fieldDomainsRule(f.OnlyDomains, f.ExceptDomains)
	return errs.Filter()
}
