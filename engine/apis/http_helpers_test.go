package apis_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// jsonRequest builds a request with body as JSON (nil for none) and the
// token as Authorization (empty for a guest).
func jsonRequest(t testing.TB, method, url, token string, body any) *http.Request {
	t.Helper()
	var reader io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, reader)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	return req
}

// sendJSON sends req and decodes the JSON answer (nil for an empty body).
func sendJSON(t testing.TB, req *http.Request) (int, any) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: invalid JSON %q", req.Method, req.URL, raw)
		}
	}
	return res.StatusCode, out
}
