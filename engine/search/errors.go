package search

import (
	"errors"
	"fmt"
)

// PublicErrorMessage is the message PocketBase answers (with status 400) when a
// filter or sort expression cannot be parsed or resolved.
const PublicErrorMessage = "Something went wrong while processing your request."

// Limit errors returned by the parser and the Provider.
var (
	ErrEmptyFilter          = errors.New("empty filter expression")
	ErrFilterLengthLimit    = errors.New("max filter length limit reached")
	ErrFilterDepthLimit     = errors.New("max filter nesting depth reached")
	ErrFilterExprLimit      = errors.New("max filter expressions limit reached")
	ErrSortExprLimit        = errors.New("max sort expressions limit reached")
	ErrSortFieldLengthLimit = errors.New("max sort field length limit reached")
	ErrEmptyQuery           = errors.New("search query is not set")
)

// SyntaxError reports a malformed filter expression. Pos is the byte offset in
// the filter text where the problem was found.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("filter syntax error at %d: %s", e.Pos, e.Msg)
}

// BuildError reports a well-formed expression that cannot be turned into SQL:
// an unknown field, a bad function argument, a missing placeholder value, an
// invalid sort field. Err is the underlying cause (often from the resolver).
type BuildError struct {
	Msg string
	Err error
}

func (e *BuildError) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *BuildError) Unwrap() error { return e.Err }

func buildErrorf(cause error, format string, args ...any) error {
	return &BuildError{Msg: fmt.Sprintf(format, args...), Err: cause}
}

// IsUserError reports whether err was caused by the client's filter/sort input
// (and so deserves a 400 with PublicErrorMessage rather than a 500).
func IsUserError(err error) bool {
	if err == nil {
		return false
	}
	var se *SyntaxError
	var be *BuildError
	if errors.As(err, &se) || errors.As(err, &be) {
		return true
	}
	for _, target := range []error{
		ErrEmptyFilter, ErrFilterLengthLimit, ErrFilterDepthLimit,
		ErrFilterExprLimit, ErrSortExprLimit, ErrSortFieldLengthLimit,
	} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
