package bindings

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hookbase/hookbase/jsvm"
)

// httpResponse is what $http.send returns.
type httpResponse struct {
	StatusCode int                     `json:"statusCode"`
	Headers    map[string][]string     `json:"headers"`
	Cookies    map[string]*http.Cookie `json:"cookies"`
	Body       []byte                  `json:"body"`
	Raw        string                  `json:"raw"` // deprecated in PocketBase, kept for old hooks
	JSON       any                     `json:"json"`
}

// installHTTP defines $http.send({url, method, body, headers, timeout});
// body is a string, bytes, a FormData (sent as multipart/form-data), a
// reader, or any other value (sent as JSON).
func (b *Bindings) installHTTP(rt *jsvm.Runtime) error {
	return rt.VM.Set("$http", map[string]any{
		"send": func(params map[string]any) (*httpResponse, error) {
			return sendHTTP(rt.Context(), params)
		},
	})
}

func sendHTTP(ctx context.Context, params map[string]any) (*httpResponse, error) {
	url, _ := params["url"].(string)
	method, _ := params["method"].(string)
	if method == "" {
		method = http.MethodGet
	}
	timeout := 120 * time.Second
	switch t := params["timeout"].(type) {
	case int64:
		timeout = time.Duration(t) * time.Second
	case float64:
		timeout = time.Duration(t * float64(time.Second))
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var body io.Reader
	contentType := "" // forced over the user's header (a multipart boundary must match)
	switch v := params["body"].(type) {
	case nil:
	case string:
		body = strings.NewReader(v)
	case []byte:
		body = bytes.NewReader(v)
	case *FormData:
		buf, ct, err := v.encode()
		if err != nil {
			return nil, err
		}
		body, contentType = buf, ct
	case io.Reader:
		body = v
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, strings.ToUpper(method), url, body)
	if err != nil {
		return nil, err
	}
	if headers, ok := params["headers"].(map[string]any); ok {
		for k, v := range headers {
			req.Header.Set(k, fmt.Sprint(v))
		}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	} else if req.Header.Get("Content-Type") == "" && body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	out := &httpResponse{
		StatusCode: res.StatusCode, Headers: map[string][]string(res.Header),
		Cookies: map[string]*http.Cookie{}, Body: raw, Raw: string(raw),
	}
	for _, c := range res.Cookies() {
		out.Cookies[c.Name] = c
	}
	if len(raw) > 0 {
		var parsed any
		if json.Unmarshal(raw, &parsed) == nil {
			out.JSON = parsed
		}
	}
	return out, nil
}
