// Package validation holds the validation error types rendered by the API
// in PocketBase's shape: {"field": {"code": "validation_…", "message": "…"}}.
package validation

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/inflector"
)

// Error is one failed check on one value.
type Error struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Params  map[string]any `json:"params,omitempty"`
}

// NewError builds an Error.
func NewError(code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// SetParams attaches template params (e.g. {"max": 5}) and returns the error.
func (e *Error) SetParams(params map[string]any) *Error {
	e.Params = params
	return e
}

func (e *Error) Error() string { return e.Message }

// Errors maps a field (or index) to its error; values may nest Errors.
type Errors map[string]error

// Error lists the failures as "field: message; …" in key order.
func (es Errors) Error() string {
	keys := make([]string, 0, len(es))
	for k := range es {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+es[k].Error())
	}
	return strings.Join(parts, "; ") + "."
}

// Filter drops nil entries and returns nil when nothing is left, so that
// `return validation.Errors{...}.Filter()` reads naturally.
func (es Errors) Filter() error {
	for k, v := range es {
		if v == nil {
			delete(es, k)
		} else if nested, ok := v.(Errors); ok {
			if nested.Filter() == nil {
				delete(es, k)
			}
		}
	}
	if len(es) == 0 {
		return nil
	}
	return es
}

// MarshalJSON renders nested errors; a plain error becomes a generic item.
func (es Errors) MarshalJSON() ([]byte, error) {
	return json.Marshal(es.ToData())
}

// ToData converts the errors into the JSON-able map used as "data".
func (es Errors) ToData() map[string]any {
	out := make(map[string]any, len(es))
	for k, v := range es {
		out[k] = toDataItem(v)
	}
	return out
}

func toDataItem(err error) any {
	var ve *Error
	var nested Errors
	switch {
	case errors.As(err, &nested):
		return nested.ToData()
	case errors.As(err, &ve):
		return ve
	default:
		return &Error{Code: "validation_invalid_value", Message: inflector.Sentenize(err.Error())}
	}
}

// Common errors, with PocketBase's codes.
var (
	ErrRequired     = NewError("validation_required", "Cannot be blank.")
	ErrNilOrEmpty   = NewError("validation_nil_or_not_empty_required", "Must be blank.")
	ErrInvalidValue = NewError("validation_invalid_value", "Invalid value.")
	ErrNotUnique    = NewError("validation_not_unique", "Value must be unique.")
)

// Required returns a fresh copy of ErrRequired (errors may get params attached).
func Required() *Error { return NewError(ErrRequired.Code, ErrRequired.Message) }
