// Package inflector holds the string transforms of names and messages:
// every error message built from a lower-case Go error goes through
// Sentenize, file and backup names through Snakecase.
package inflector

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// UcFirst upper-cases the first letter of s.
func UcFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// Sentenize turns s into a sentence for error messages: trimmed, first
// letter upper-cased and ending with ".", "!" or "?" ("." is added when it
// ends otherwise). An empty or blank s gives "".
func Sentenize(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	s = UcFirst(s)
	switch s[len(s)-1] {
	case '.', '!', '?':
		return s
	}
	return s + "."
}

// Snakecase converts s to lower snake_case: "helloWorld Foo" becomes
// "hello_world_foo" and "HTTPServer" becomes "http_server". Anything other
// than ASCII letters and digits separates words, so the result is always
// safe as a file name part; it may be "" (e.g. for a non-Latin name).
func Snakecase(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	pendingSep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) {
			pendingSep = b.Len() > 0
			continue
		}
		if isUpper(c) && i > 0 && b.Len() > 0 {
			prev := s[i-1]
			nextLower := i+1 < len(s) && isLower(s[i+1])
			// Word boundary at "aB", "1B" and at the last capital of an
			// acronym followed by a lower-case letter ("HTTPServer").
			if isLower(prev) || isDigit(prev) || (isUpper(prev) && nextLower) {
				pendingSep = true
			}
		}
		if pendingSep {
			b.WriteByte('_')
			pendingSep = false
		}
		if isUpper(c) {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool { return isUpper(c) || isLower(c) || isDigit(c) }
