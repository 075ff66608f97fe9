package security

import (
	"regexp"
	"testing"
)

func TestRandomStringByRegex(t *testing.T) {
	patterns := []string{
		`abc`,
		`[a-z]{5}`,
		`^\d{3}-\w+$`,
		`(foo|bar|baz)_[A-F0-9]{4,8}`,
		`x*y+z?`,
		`[^a-z]{10}`,
		`(?i)hello`,
		`.{3}\s\S`,
		`\p{Greek}{4}`,
	}
	for _, p := range patterns {
		re := regexp.MustCompile(`^(?:` + p + `)$`)
		for i := 0; i < 20; i++ {
			s, err := RandomStringByRegex(p)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if !re.MatchString(s) {
				t.Fatalf("%s: generated %q does not match", p, s)
			}
		}
	}
	if _, err := RandomStringByRegex(`[a-`); err == nil {
		t.Fatal("invalid pattern must fail")
	}
	if _, err := RandomStringByRegex(`[^\x00-\x{10FFFF}]`); err == nil {
		t.Fatal("unmatchable pattern must fail")
	}
}
