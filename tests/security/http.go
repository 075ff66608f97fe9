package security

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// RawGET sends "GET target" exactly as written (no client-side path
// cleaning or escaping) and returns the status and body.
func RawGET(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	return Raw(t, addr, "GET "+target+" HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n")
}

// Raw writes request verbatim on a new connection and reads one response.
func Raw(t *testing.T, addr, request string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("read response to %q: %v", strings.SplitN(request, "\r\n", 2)[0], err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// ErrorBody is PocketBase's error JSON.
type ErrorBody struct {
	Status  int            `json:"status"`
	Message string         `json:"message"`
	Data    map[string]any `json:"data"`
}

// WantError checks that body is exactly PocketBase's error shape with
// status and message, and data equal to wantData (nil means {}).
func WantError(t *testing.T, what string, status int, body []byte, wantStatus int, wantMessage string, wantData map[string]any) {
	t.Helper()
	if status != wantStatus {
		t.Errorf("%s: status %d, want %d: %s", what, status, wantStatus, body)
		return
	}
	var keys map[string]json.RawMessage
	var got ErrorBody
	if json.Unmarshal(body, &keys) != nil || json.Unmarshal(body, &got) != nil {
		t.Errorf("%s: not a JSON error body: %s", what, body)
		return
	}
	if len(keys) != 3 || keys["status"] == nil || keys["message"] == nil || keys["data"] == nil {
		t.Errorf("%s: want exactly status, message and data: %s", what, body)
	}
	if wantData == nil {
		wantData = map[string]any{}
	}
	if got.Status != wantStatus || got.Message != wantMessage || !reflect.DeepEqual(got.Data, wantData) {
		t.Errorf("%s: got %s\nwant status %d, message %q, data %v", what, body, wantStatus, wantMessage, wantData)
	}
}

// NoLeak fails t when body holds any of the markers (secret values,
// password hashes, SQL errors) or a server-side stack trace.
func NoLeak(t *testing.T, what string, body []byte, markers ...string) {
	t.Helper()
	s := string(body)
	for _, m := range append(markers, "$2a$", "sqlite_", "SQL logic error", "goroutine ", ".go:") {
		if strings.Contains(s, m) {
			t.Errorf("%s: the answer leaks %q: %s", what, m, Trim(s))
		}
	}
}

// Trim shortens a body for error messages.
func Trim(s string) string {
	if len(s) > 400 {
		return s[:400] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// Data is a shortcut for nested error data.
type Data = map[string]any

// Code is the {"code","message"} item of a validation error.
func Code(code, message string) map[string]any {
	return map[string]any{"code": code, "message": message}
}

// Query appends one escaped query parameter to path.
func Query(path, key, value string) string { return path + "?" + key + "=" + url.QueryEscape(value) }

// JSONString quotes s as a JSON (and filter) string literal.
func JSONString(s string) string {
	raw, _ := json.Marshal(s)
	return string(raw)
}

// StreamedJSON is {"title":"xxx…"} of about n bytes, generated while it is
// read (never held in memory) and of unknown length, so it is sent chunked.
func StreamedJSON(n int) io.Reader {
	return io.MultiReader(strings.NewReader(`{"title":"`), io.LimitReader(repeatByte('x'), int64(n)), strings.NewReader(`"}`))
}

type repeatByte byte

func (r repeatByte) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}
