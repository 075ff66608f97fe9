package core

import (
	"context"
	"testing"
)

func TestEmailFieldValidateValue(t *testing.T) {
	cases := []struct {
		name  string
		field *EmailField
		raw   any
		want  string
	}{
		{"empty", &EmailField{Name: "e"}, "", ""},
		{"required", &EmailField{Name: "e", Required: true}, "", "validation_required"},
		{"valid", &EmailField{Name: "e"}, "test@example.com", ""},
		{"plus and dots", &EmailField{Name: "e"}, "first.last+tag@sub.example.co", ""},
		{"no at", &EmailField{Name: "e"}, "test.example.com", "validation_is_email"},
		{"two ats", &EmailField{Name: "e"}, "a@b@example.com", "validation_is_email"},
		{"space", &EmailField{Name: "e"}, "te st@example.com", "validation_is_email"},
		{"bad domain", &EmailField{Name: "e"}, "test@-example.com", "validation_is_email"},
		{"only domains hit", &EmailField{Name: "e", OnlyDomains: []string{"example.com"}}, "a@example.com", ""},
		{"only domains case", &EmailField{Name: "e", OnlyDomains: []string{"example.com"}}, "a@Example.COM", ""},
		{"only domains miss", &EmailField{Name: "e", OnlyDomains: []string{"example.com"}}, "a@other.com",
			"validation_email_domain_not_allowed"},
		{"except domains hit", &EmailField{Name: "e", ExceptDomains: []string{"spam.com"}}, "a@spam.com",
			"validation_email_domain_not_allowed"},
		{"except domains miss", &EmailField{Name: "e", ExceptDomains: []string{"spam.com"}}, "a@ok.com", ""},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEmailAndURLFieldSettings(t *testing.T) {
	ctx := context.Background()
	both := &EmailField{Id: "e1", Name: "e", OnlyDomains: []string{"a.com"}, ExceptDomains: []string{"b.com"}}
	if got := errCodes(both.ValidateSettings(ctx, nil, nil)); got != "exceptDomains=validation_empty onlyDomains=validation_empty" {
		t.Errorf("email both lists: %q", got)
	}
	bad := &URLField{Id: "u1", Name: "u", OnlyDomains: []string{"ok.com", "not_a domain"}}
	if got := errCodes(bad.ValidateSettings(ctx, nil, nil)); got != "onlyDomains.1=validation_is_domain" {
		t.Errorf("url bad domain: %q", got)
	}
	if err := (&URLField{Id: "u1", Name: "u", ExceptDomains: []string{"example.com"}}).ValidateSettings(ctx, nil, nil); err != nil {
		t.Errorf("url except: %v", err)
	}
}

func TestURLFieldValidateValue(t *testing.T) {
	cases := []struct {
		name  string
		field *URLField
		raw   any
		want  string
	}{
		{"empty", &URLField{Name: "u"}, "", ""},
		{"required", &URLField{Name: "u", Required: true}, "", "validation_required"},
		{"https", &URLField{Name: "u"}, "https://example.com/a?b=c#d", ""},
		{"port", &URLField{Name: "u"}, "http://example.com:8090/x", ""},
		{"localhost", &URLField{Name: "u"}, "http://localhost:8090", ""},
		{"ip", &URLField{Name: "u"}, "http://127.0.0.1/", ""},
		{"no scheme", &URLField{Name: "u"}, "example.com/path", ""},
		{"mailto", &URLField{Name: "u"}, "mailto:a@example.com", "validation_invalid_url"},
		{"javascript", &URLField{Name: "u"}, "javascript:alert(1)", "validation_invalid_url"},
		{"word", &URLField{Name: "u"}, "hello", "validation_invalid_url"},
		{"space", &URLField{Name: "u"}, "https://exa mple.com", "validation_invalid_url"},
		{"bad port", &URLField{Name: "u"}, "https://example.com:99999", "validation_invalid_url"},
		{"only domains hit", &URLField{Name: "u", OnlyDomains: []string{"example.com"}}, "https://example.com/a", ""},
		{"only domains miss", &URLField{Name: "u", OnlyDomains: []string{"example.com"}}, "https://evil.com",
			"validation_url_domain_not_allowed"},
		{"except domains hit", &URLField{Name: "u", ExceptDomains: []string{"evil.com"}}, "https://evil.com/x",
			"validation_url_domain_not_allowed"},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEditorField(t *testing.T) {
	cases := []struct {
		name  string
		field *EditorField
		raw   any
		want  string
	}{
		{"empty", &EditorField{Name: "ed"}, "", ""},
		{"required", &EditorField{Name: "ed", Required: true}, "", "validation_required"},
		{"html", &EditorField{Name: "ed"}, "<p>example</p>", ""},
		{"over max", &EditorField{Name: "ed", MaxSize: 5}, "<p>x</p>", "validation_content_size_limit"},
		{"at max", &EditorField{Name: "ed", MaxSize: 8}, "<p>x</p>", ""},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if (&EditorField{}).CalculateMaxBodySize() != DefaultEditorFieldMaxSize {
		t.Error("default max size")
	}
	if got := errCodes((&EditorField{Id: "e", Name: "ed", MaxSize: -1}).ValidateSettings(context.Background(), nil, nil)); got != "maxSize=validation_min_greater_equal_than_required" {
		t.Errorf("settings: %q", got)
	}
}
