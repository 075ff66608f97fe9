package core

import (
	"regexp"
	"sync"
	"sync/atomic"
)

// Compiled field patterns (TextField/PasswordField.Pattern) are kept:
// every record save validates its id against the id field's pattern, and
// compiling it each time was about a quarter of a create's allocations.
// The bound only guards against schemas churning through endless patterns.
const maxFieldPatterns = 512

var (
	fieldPatterns     sync.Map // pattern -> *regexp.Regexp (safe for concurrent use)
	fieldPatternCount atomic.Int32
)

// matchFieldPattern reports whether value matches pattern; an invalid
// pattern matches nothing (schema validation rejects those on save).
func matchFieldPattern(pattern, value string) bool {
	if re, ok := fieldPatterns.Load(pattern); ok {
		return re.(*regexp.Regexp).MatchString(value)
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return false
	}
	if fieldPatternCount.Load() < maxFieldPatterns {
		if _, loaded := fieldPatterns.LoadOrStore(pattern, re); !loaded {
			fieldPatternCount.Add(1)
		}
	}
	return re.MatchString(value)
}
