package router

import (
	"errors"
	"net/http"

	"github.com/hookbase/hookbase/engine/tools/inflector"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// ApiError is an error answered to the client in PocketBase's shape:
// {"status": N, "message": "…", "data": {…}}.
type ApiError struct {
	rawData any
	Data    map[string]any `json:"data"`
	Message string         `json:"message"`
	Status  int            `json:"status"`
}

func (e *ApiError) Error() string { return e.Message }

// RawData returns the data given to NewApiError before normalisation.
func (e *ApiError) RawData() any { return e.rawData }

// Is lets errors.Is match two ApiErrors with the same status and message.
func (e *ApiError) Is(target error) bool {
	var t *ApiError
	return errors.As(target, &t) && t.Status == e.Status && t.Message == e.Message
}

// NewApiError builds an ApiError; validation errors in rawData become
// per-field items, any other data is hidden (it may carry internals).
func NewApiError(status int, message string, rawData any) *ApiError {
	if message == "" {
		message = http.StatusText(status)
	}
	return &ApiError{
		rawData: rawData,
		Data:    safeErrorsData(rawData),
		Status:  status,
		Message: inflector.Sentenize(message),
	}
}

// Shortcuts with PocketBase's default messages.
func NewBadRequestError(message string, rawData any) *ApiError {
	if message == "" {
		message = "Something went wrong while processing your request."
	}
	return NewApiError(http.StatusBadRequest, message, rawData)
}

func NewNotFoundError(message string, rawData any) *ApiError {
	if message == "" {
		message = "The requested resource wasn't found."
	}
	return NewApiError(http.StatusNotFound, message, rawData)
}

func NewForbiddenError(message string, rawData any) *ApiError {
	if message == "" {
		message = "You are not allowed to perform this request."
	}
	return NewApiError(http.StatusForbidden, message, rawData)
}

func NewUnauthorizedError(message string, rawData any) *ApiError {
	if message == "" {
		message = "Missing or invalid authentication."
	}
	return NewApiError(http.StatusUnauthorized, message, rawData)
}

func NewTooManyRequestsError(message string, rawData any) *ApiError {
	if message == "" {
		message = "Too Many Requests."
	}
	return NewApiError(http.StatusTooManyRequests, message, rawData)
}

func NewInternalServerError(message string, rawData any) *ApiError {
	if message == "" {
		message = "Something went wrong while processing your request."
	}
	return NewApiError(http.StatusInternalServerError, message, rawData)
}

// ToApiError converts any error into the ApiError answered to clients:
// ApiErrors pass through, validation errors become a 400 with their items,
// anything else a generic 400 (PocketBase answers plain errors with 400).
func ToApiError(err error) *ApiError {
	if err == nil {
		return nil
	}
	var apiErr *ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		return NewBadRequestError("Failed to load the submitted data. Try again later.", verrs)
	}
	var verr *validation.Error
	if errors.As(err, &verr) {
		return NewBadRequestError(verr.Message, nil)
	}
	return NewBadRequestError("", nil)
}

func safeErrorsData(data any) map[string]any {
	switch v := data.(type) {
	case validation.Errors:
		return v.ToData()
	case map[string]validation.Error:
		out := make(map[string]any, len(v))
		for k, item := range v {
			item := item
			out[k] = &item
		}
		return out
	case map[string]any:
		// Only keep values that are safe to show: nested maps of validation items.
		out := make(map[string]any, len(v))
		for k, item := range v {
			switch it := item.(type) {
			case *validation.Error:
				out[k] = it
			case validation.Errors:
				out[k] = it.ToData()
			case map[string]any:
				out[k] = it
			}
		}
		return out
	default:
		var verrs validation.Errors
		if err, ok := data.(error); ok && errors.As(err, &verrs) {
			return verrs.ToData()
		}
		return map[string]any{}
	}
}
