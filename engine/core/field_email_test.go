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
		{"empty", &EmailField{FieldBase: FieldBase{Name: "e"}}, "", ""},
		{"required", &EmailField{FieldBase: FieldBase{Name: "e"}, Required: true}, "", "validation_required"},
		{"valid", &EmailField{FieldBase: FieldBase{Name: "e"}}, "test@example.com", ""},
		{"plus and dots", &EmailField{FieldBase: FieldBase{Name: "e"}}, "first.last+tag@sub.example.co", ""},
		{"no at", &EmailField{FieldBase: FieldBase{Name: "e"}}, "test.example.com", "validation_is_email"},
		{"two ats", &EmailField{FieldBase: FieldBase{Name: "e"}}, "a@b@example.com", "validation_is_email"},
		{"space", &EmailField{FieldBase: FieldBase{Name: "e"}}, "te st@example.com", "validation_is_email"},
		{"bad domain", &EmailField{FieldBase: FieldBase{Name: "e"}}, "test@-example.com", "validation_is_email"},
		{"only domains hit", &EmailField{FieldBase: FieldBase{Name: "e"}, OnlyDomains: []string{"example.com"}}, "a@example.com", ""},
		{"only domains case", &EmailField{FieldBase: FieldBase{Name: "e"}, OnlyDomains: []string{"example.com"}}, "a@Example.COM", ""},
		{"only domains miss", &EmailField{FieldBase: FieldBase{Name: "e"}, OnlyDomains: []string{"example.com"}}, "a@other.com",
			"validation_email_domain_not_allowed"},
		{"except domains hit", &EmailField{FieldBase: FieldBase{Name: "e"}, ExceptDomains: []string{"spam.com"}}, "a@spam.com",
			"validation_email_domain_not_allowed"},
		{"except domains miss", &EmailField{FieldBase: FieldBase{Name: "e"}, ExceptDomains: []string{"spam.com"}}, "a@ok.com", ""},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestEmailAndURLFieldSettings(t *testing.T) {
	ctx := context.Background()
	both := &EmailField{FieldBase: FieldBase{Id: "e1", Name: "e"}, OnlyDomains: []string{"a.com"}, ExceptDomains: []string{"b.com"}}
	if got := errCodes(both.ValidateSettings(ctx, nil, nil)); got != "exceptDomains=validation_empty onlyDomains=validation_empty" {
		t.Errorf("email both lists: %q", got)
	}
	bad := &URLField{FieldBase: FieldBase{Id: "u1", Name: "u"}, OnlyDomains: []string{"ok.com", "not_a domain"}}
	if got := errCodes(bad.ValidateSettings(ctx, nil, nil)); got != "onlyDomains.1=validation_is_domain" {
		t.Errorf("url bad domain: %q", got)
	}
	if err := (&URLField{FieldBase: FieldBase{Id: "u1", Name: "u"}, ExceptDomains: []string{"example.com"}}).ValidateSettings(ctx, nil, nil); err != nil {
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
		{"empty", &URLField{FieldBase: FieldBase{Name: "u"}}, "", ""},
		{"required", &URLField{FieldBase: FieldBase{Name: "u"}, Required: true}, "", "validation_required"},
		{"https", &URLField{FieldBase: FieldBase{Name: "u"}}, "https://example.com/a?b=c#d", ""},
		{"port", &URLField{FieldBase: FieldBase{Name: "u"}}, "http://example.com:8090/x", ""},
		{"localhost", &URLField{FieldBase: FieldBase{Name: "u"}}, "http://localhost:8090", ""},
		{"ip", &URLField{FieldBase: FieldBase{Name: "u"}}, "http://127.0.0.1/", ""},
		{"no scheme", &URLField{FieldBase: FieldBase{Name: "u"}}, "example.com/path", ""},
		{"mailto", &URLField{FieldBase: FieldBase{Name: "u"}}, "mailto:a@example.com", "validation_invalid_url"},
		{"javascript", &URLField{FieldBase: FieldBase{Name: "u"}}, "javascript:alert(1)", "validation_invalid_url"},
		{"word", &URLField{FieldBase: FieldBase{Name: "u"}}, "hello", "validation_invalid_url"},
		{"space", &URLField{FieldBase: FieldBase{Name: "u"}}, "https://exa mple.com", "validation_invalid_url"},
		{"bad port", &URLField{FieldBase: FieldBase{Name: "u"}}, "https://example.com:99999", "validation_invalid_url"},
		{"only domains hit", &URLField{FieldBase: FieldBase{Name: "u"}, OnlyDomains: []string{"example.com"}}, "https://example.com/a", ""},
		{"only domains miss", &URLField{FieldBase: FieldBase{Name: "u"}, OnlyDomains: []string{"example.com"}}, "https://evil.com",
			"validation_url_domain_not_allowed"},
		{"except domains hit", &URLField{FieldBase: FieldBase{Name: "u"}, ExceptDomains: []string{"evil.com"}}, "https://evil.com/x",
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
		{"empty", &EditorField{FieldBase: FieldBase{Name: "ed"}}, "", ""},
		{"required", &EditorField{FieldBase: FieldBase{Name: "ed"}, Required: true}, "", "validation_required"},
		{"html", &EditorField{FieldBase: FieldBase{Name: "ed"}}, "<p>example</p>", ""},
		{"over max", &EditorField{FieldBase: FieldBase{Name: "ed"}, MaxSize: 5}, "<p>x</p>", "validation_content_size_limit"},
		{"at max", &EditorField{FieldBase: FieldBase{Name: "ed"}, MaxSize: 8}, "<p>x</p>", ""},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if (&EditorField{}).CalculateMaxBodySize() != DefaultEditorFieldMaxSize {
		t.Error("default max size")
	}
	if got := errCodes((&EditorField{FieldBase: FieldBase{Id: "e", Name: "ed"}, MaxSize: -1}).ValidateSettings(context.Background(), nil, nil)); got != "maxSize=validation_min_greater_equal_than_required" {
		t.Errorf("settings: %q", got)
	}
}
