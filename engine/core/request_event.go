package core

import (
	"net"
	"net/http"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/router"
)

// Request contexts (RequestInfo.Context), as seen by `@request.context`.
const (
	RequestContextDefault       = "default"
	RequestContextOAuth2        = "oauth2"
	RequestContextOTP           = "otp"
	RequestContextPassword      = "password"
	RequestContextRealtime      = "realtime"
	RequestContextProtectedFile = "protectedFile"
)

const (
	requestInfoKey = "__pbRequestInfo"
	internalKey    = "__pbInternalRequest"
)

// RequestEvent is the event of one HTTP request: the router event plus the
// app and the authenticated record (nil for guests).
type RequestEvent struct {
	router.Event
	App  *App
	Auth *Record
}

// RequestInfo is the data of a request used by API rules (@request.*).
type RequestInfo struct {
	Auth    *Record           `json:"auth"`
	Query   map[string]string `json:"query"`
	Headers map[string]string `json:"headers"`
	Body    map[string]any    `json:"body"`
	Method  string            `json:"method"`
	Context string            `json:"context"`
}

// HasSuperuserAuth reports whether the request is authenticated as superuser.
func (info *RequestInfo) HasSuperuserAuth() bool {
	return info != nil && info.Auth != nil && info.Auth.IsSuperuser()
}

// Clone copies the info so a rule check can adjust it without side effects.
func (info *RequestInfo) Clone() *RequestInfo {
	out := *info
	return &out
}

// HasSuperuserAuth reports whether the request is authenticated as superuser.
func (e *RequestEvent) HasSuperuserAuth() bool {
	return e.Auth != nil && e.Auth.IsSuperuser()
}

// IsInternalRequest reports whether the request is a sub-request of a batch.
func (e *RequestEvent) IsInternalRequest() bool {
	v, _ := e.Get(internalKey).(bool)
	return v
}

// MarkInternal flags the event as a batch sub-request.
func (e *RequestEvent) MarkInternal() { e.Set(internalKey, true) }

// RealIP is the client IP, taken from the trusted proxy headers of the
// settings when the direct peer is such a proxy setup, else the peer address.
func (e *RequestEvent) RealIP() string {
	if e.App != nil {
		proxy := e.App.Settings().TrustedProxy
		for _, h := range proxy.Headers {
			raw := e.Request.Header.Get(h)
			if raw == "" {
				continue
			}
			ips := strings.Split(raw, ",")
			pick := strings.TrimSpace(ips[0])
			if !proxy.UseLeftmostIP {
				pick = strings.TrimSpace(ips[len(ips)-1])
			}
			if net.ParseIP(pick) != nil {
				return pick
			}
		}
	}
	return e.RemoteIP()
}

// RequestInfo parses (once) and returns the request data used by rules.
// Header keys are lower-cased with "-" turned into "_"; query values keep
// only their first value.
func (e *RequestEvent) RequestInfo() (*RequestInfo, error) {
	if cached, ok := e.Get(requestInfoKey).(*RequestInfo); ok {
		cached.Auth = e.Auth
		return cached, nil
	}

	info := &RequestInfo{
		Auth:    e.Auth,
		Method:  e.Request.Method,
		Context: RequestContextDefault,
		Query:   map[string]string{},
		Headers: map[string]string{},
		Body:    map[string]any{},
	}
	for k, v := range e.Request.URL.Query() {
		if len(v) > 0 {
			info.Query[k] = v[0]
		}
	}
	for k, v := range e.Request.Header {
		if len(v) > 0 {
			info.Headers[strings.ReplaceAll(strings.ToLower(k), "-", "_")] = v[0]
		}
	}
	if e.Request.Method != http.MethodGet && e.Request.Method != http.MethodHead {
		if err := e.BindBody(&info.Body); err != nil {
			return nil, err
		}
		if info.Body == nil {
			info.Body = map[string]any{}
		}
	}
	e.Set(requestInfoKey, info)
	return info, nil
}

// SetRequestInfo replaces the parsed request data (used by batch and tests).
func (e *RequestEvent) SetRequestInfo(info *RequestInfo) { e.Set(requestInfoKey, info) }
