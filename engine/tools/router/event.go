// Package router holds the request event passed to route handlers and
// middlewares, and the route table built on echo/v4.
package router

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/hook"
)

// DefaultMaxMemory is the multipart memory limit before spilling to disk.
const DefaultMaxMemory = 32 << 20

// Event is the request/response pair of one HTTP call with response helpers.
// Middlewares continue the chain with e.Next().
type Event struct {
	hook.Event

	Response http.ResponseWriter
	Request  *http.Request

	data map[string]any
}

// Get returns a request-scoped value set by Set.
func (e *Event) Get(key string) any { return e.data[key] }

// Set stores a request-scoped value.
func (e *Event) Set(key string, value any) {
	if e.data == nil {
		e.data = map[string]any{}
	}
	e.data[key] = value
}

// GetAll returns a copy of the request-scoped values.
func (e *Event) GetAll() map[string]any {
	out := make(map[string]any, len(e.data))
	for k, v := range e.data {
		out[k] = v
	}
	return out
}

// Written reports whether a response has been written already.
func (e *Event) Written() bool {
	if w, ok := e.Response.(interface{ Written() bool }); ok {
		return w.Written()
	}
	return false
}

// Status is the written status code (0 when none yet).
func (e *Event) Status() int {
	if w, ok := e.Response.(interface{ Status() int }); ok {
		return w.Status()
	}
	return 0
}

// IsTLS reports whether the request came over TLS.
func (e *Event) IsTLS() bool { return e.Request.TLS != nil }

// RemoteIP is the direct peer address (no proxy headers).
func (e *Event) RemoteIP() string {
	host, _, err := net.SplitHostPort(e.Request.RemoteAddr)
	if err != nil {
		return e.Request.RemoteAddr
	}
	return host
}

// SetCookie adds a Set-Cookie header.
func (e *Event) SetCookie(cookie *http.Cookie) { http.SetCookie(e.Response, cookie) }

// Flush sends buffered data to the client.
func (e *Event) Flush() error {
	f, ok := e.Response.(http.Flusher)
	if !ok {
		return errors.New("response writer does not support flushing")
	}
	f.Flush()
	return nil
}

// JSON writes data as JSON with the given status.
func (e *Event) JSON(status int, data any) error {
	e.Response.Header().Set("Content-Type", "application/json")
	e.Response.WriteHeader(status)
	enc := json.NewEncoder(e.Response)
	return enc.Encode(data)
}

// String writes a plain text response.
func (e *Event) String(status int, data string) error {
	return e.Blob(status, "text/plain; charset=utf-8", []byte(data))
}

// HTML writes an HTML response.
func (e *Event) HTML(status int, data string) error {
	return e.Blob(status, "text/html; charset=utf-8", []byte(data))
}

// XML writes data as XML.
func (e *Event) XML(status int, data any) error {
	raw, err := xml.Marshal(data)
	if err != nil {
		return err
	}
	return e.Blob(status, "application/xml; charset=utf-8", append([]byte(xml.Header), raw...))
}

// Blob writes raw bytes with the given content type.
func (e *Event) Blob(status int, contentType string, b []byte) error {
	if contentType != "" {
		e.Response.Header().Set("Content-Type", contentType)
	}
	e.Response.WriteHeader(status)
	_, err := e.Response.Write(b)
	return err
}

// Stream copies reader to the response.
func (e *Event) Stream(status int, contentType string, reader io.Reader) error {
	if contentType != "" {
		e.Response.Header().Set("Content-Type", contentType)
	}
	e.Response.WriteHeader(status)
	_, err := io.Copy(e.Response, reader)
	return err
}

// FileFS serves one file of fsys.
func (e *Event) FileFS(fsys fs.FS, filename string) error {
	f, err := fsys.Open(filename)
	if err != nil {
		return NewNotFoundError("", nil)
	}
	defer f.Close()
	stat, err := f.Stat()
	if err != nil || stat.IsDir() {
		return NewNotFoundError("", nil)
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return fmt.Errorf("%s is not seekable", filename)
	}
	http.ServeContent(e.Response, e.Request, filepath.Base(filename), stat.ModTime(), rs)
	return nil
}

// NoContent writes only a status.
func (e *Event) NoContent(status int) error {
	e.Response.WriteHeader(status)
	return nil
}

// Redirect answers with a redirect (status 3xx).
func (e *Event) Redirect(status int, url string) error {
	if status < 300 || status > 308 {
		return errors.New("invalid redirect status code")
	}
	e.Response.Header().Set("Location", url)
	e.Response.WriteHeader(status)
	return nil
}

// Error helpers with PocketBase's default messages.
func (e *Event) Error(status int, message string, data any) *ApiError {
	return NewApiError(status, message, data)
}
func (e *Event) BadRequestError(message string, data any) *ApiError {
	return NewBadRequestError(message, data)
}
func (e *Event) NotFoundError(message string, data any) *ApiError {
	return NewNotFoundError(message, data)
}
func (e *Event) ForbiddenError(message string, data any) *ApiError {
	return NewForbiddenError(message, data)
}
func (e *Event) UnauthorizedError(message string, data any) *ApiError {
	return NewUnauthorizedError(message, data)
}
func (e *Event) TooManyRequestsError(message string, data any) *ApiError {
	return NewTooManyRequestsError(message, data)
}
func (e *Event) InternalServerError(message string, data any) *ApiError {
	return NewInternalServerError(message, data)
}

// BindBody decodes a JSON, form or multipart body into dst (a struct
// pointer with json tags, or a map).
func (e *Event) BindBody(dst any) error {
	if e.Request.ContentLength == 0 && e.Request.Body == nil {
		return nil
	}
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	switch {
	case ct == "application/json" || ct == "" || strings.HasSuffix(ct, "+json"):
		// Keep the bytes so that later readers (hooks calling bindBody after
		// requestInfo, batch sub-requests) see the same body again.
		raw, err := io.ReadAll(e.Request.Body)
		if err != nil {
			return NewBadRequestError("Failed to read the request body.", nil)
		}
		e.Request.Body = io.NopCloser(bytes.NewReader(raw))
		if len(bytes.TrimSpace(raw)) == 0 {
			return nil
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(dst); err != nil && !errors.Is(err, io.EOF) {
			return NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
		}
		return nil
	case ct == "multipart/form-data" || ct == "application/x-www-form-urlencoded":
		body, err := ParseFormBody(e.Request)
		if err != nil {
			return err
		}
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
		}
		return nil
	default:
		return NewBadRequestError("Unsupported Content-Type.", nil)
	}
}

// ParseFormBody turns a form or multipart body into a map: single values
// stay scalars, repeated keys become arrays, and a "@jsonPayload" field is
// merged in as JSON (that is how the SDK sends JSON beside files).
func ParseFormBody(r *http.Request) (map[string]any, error) {
	if err := r.ParseMultipartForm(DefaultMaxMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if err := r.ParseForm(); err != nil {
			return nil, NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
		}
	}
	out := map[string]any{}
	for key, values := range r.Form {
		if key == "@jsonPayload" {
			for _, v := range values {
				payload := map[string]any{}
				if err := json.Unmarshal([]byte(v), &payload); err != nil {
					return nil, NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
				}
				for pk, pv := range payload {
					out[pk] = pv
				}
			}
			continue
		}
		if len(values) == 1 {
			out[key] = values[0]
		} else {
			arr := make([]any, len(values))
			for i, v := range values {
				arr[i] = v
			}
			out[key] = arr
		}
	}
	return out, nil
}
