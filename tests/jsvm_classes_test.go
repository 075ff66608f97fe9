package tests

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// classesServer runs tests/hooks/classes; echoURL answers what a multipart
// request to it carried (for FormData).
func classesServer(t *testing.T) *harness.Server {
	t.Helper()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out := map[string]any{"contentType": r.Header.Get("Content-Type")}
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			out["error"] = err.Error()
		} else {
			out["fields"] = r.MultipartForm.Value
			files := map[string]string{}
			for key, headers := range r.MultipartForm.File {
				f, _ := headers[0].Open()
				body, _ := io.ReadAll(f)
				f.Close()
				files[key] = headers[0].Filename + ":" + string(body)
			}
			out["files"] = files
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(echo.Close)
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return harness.Start(t, harness.Options{
		CopyHooksFrom: filepath.Join(root, "tests", "hooks", "classes"),
		Args:          []string{"--hooksPool=2"},
		Dev:           true, // logs the Go errors scripts throw
		Env:           []string{"HOOKBASE_ECHO_URL=" + echo.URL},
	})
}

// getJSON requests path and decodes the 200 JSON answer.
func getJSON(t *testing.T, s *harness.Server, method, path string, body any) map[string]any {
	t.Helper()
	return decodeJSON(t, expect(t, s, method, path, body, "", 200))
}

func wantFields(t *testing.T, what string, got map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		g := got[k]
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %s = %#v, want %#v (all: %v)", what, k, g, w, got)
		}
	}
}

func TestJSVMClasses(t *testing.T) {
	t.Parallel()
	s := classesServer(t)

	t.Run("Command", func(t *testing.T) {
		got := getJSON(t, s, "GET", "/classes/command", nil)
		wantFields(t, "Command", got, map[string]any{
			"use": "hello", "short": "says hello", "hasRun": true, "instance": true, "children": float64(1),
		})
		if !strings.Contains(got["bad"].(string), `unknown option "nope"`) {
			t.Errorf("an unknown Command option: %v", got["bad"])
		}
	})

	t.Run("Timezone", func(t *testing.T) {
		got := getJSON(t, s, "GET", "/classes/timezone", nil)
		wantFields(t, "Timezone", got, map[string]any{
			"name": "Europe/Riga", "fallback": "UTC", "instance": true,
			"dt":       "2024-07-01 09:00:00.000Z", // 12:00 in Riga (UTC+3 in summer)
			"byName":   "2024-01-01 10:00:00.000Z", // 12:00 in Riga (UTC+2 in winter)
			"explicit": "2024-07-01 12:00:00.000Z", // its own zone wins
			"wall":     "12:00",
		})
	})

	t.Run("SubscriptionMessage", func(t *testing.T) {
		got := getJSON(t, s, "GET", "/classes/message", nil)
		wantFields(t, "SubscriptionMessage", got, map[string]any{
			"name": "greet", "data": `{"hello":"world"}`, "objData": `{"n":1}`, "instance": true,
		})
	})

	t.Run("Context", func(t *testing.T) {
		got := getJSON(t, s, "GET", "/classes/context", nil)
		wantFields(t, "Context", got, map[string]any{
			"blank": nil, "a": float64(123), "subA": float64(123), "subB": "two",
			"baseB": nil, "instance": true, "err": nil,
		})
	})

	t.Run("FormData", func(t *testing.T) {
		got := getJSON(t, s, "POST", "/classes/formdata", nil)
		wantFields(t, "FormData", got, map[string]any{
			"status": float64(200), "keys": []any{"title", "tag", "n", "doc"},
			"tags": []any{"a", "b"}, "has": false, "first": "a", "entries": float64(5),
		})
		echo, _ := got["echo"].(map[string]any)
		if ct, _ := echo["contentType"].(string); !strings.HasPrefix(ct, "multipart/form-data; boundary=") {
			t.Fatalf("$http.send with a FormData body sent Content-Type %q (%v)", ct, echo)
		}
		wantFields(t, "multipart received", echo, map[string]any{
			"fields": map[string]any{"title": []any{"hello"}, "tag": []any{"a", "b"}, "n": []any{"7"}},
			"files":  map[string]any{"doc": "doc.txt:file body"},
		})
	})

	t.Run("RecordUpsertForm", func(t *testing.T) {
		data := map[string]any{
			"email": "m@example.com", "password": "12345678", "passwordConfirm": "12345678",
			"nick": "mm", "secret": "client may not set this",
		}
		got := getJSON(t, s, "POST", "/classes/upsert", map[string]any{"data": data})
		wantFields(t, "upsert as a client", got, map[string]any{
			"email": "m@example.com", "nick": "mm", "secret": "", "validPassword": true,
		})
		id := got["id"].(string)

		// a superuser form may set hidden fields
		got = getJSON(t, s, "POST", "/classes/upsert", map[string]any{
			"id": id, "superuser": true, "data": map[string]any{"secret": "s3"},
		})
		wantFields(t, "upsert as superuser", got, map[string]any{"secret": "s3", "nick": "mm"})

		// a client changing the password needs the old one
		body := expect(t, s, "POST", "/classes/upsert", map[string]any{
			"id": id, "data": map[string]any{"password": "87654321", "passwordConfirm": "87654321"},
		}, "", 400, "oldPassword", "validation_required")
		_ = body
		// and a mismatched confirmation is rejected on create
		expect(t, s, "POST", "/classes/upsert", map[string]any{"data": map[string]any{
			"email": "n@example.com", "password": "12345678", "passwordConfirm": "nope",
		}}, "", 400, "passwordConfirm", "validation_values_mismatch")
		got = getJSON(t, s, "POST", "/classes/upsert", map[string]any{
			"id": id, "data": map[string]any{"password": "87654321", "passwordConfirm": "87654321", "oldPassword": "12345678"},
		})
		wantFields(t, "password change", got, map[string]any{"validPassword": true})
	})

	t.Run("nullHelpers", func(t *testing.T) {
		got := getJSON(t, s, "GET", "/classes/nulls", nil)
		rows, _ := got["rows"].([]any)
		if len(rows) != 2 {
			t.Fatalf("rows: %v", got)
		}
		wantFields(t, "NULL row", rows[0].(map[string]any), map[string]any{
			"s": nil, "i": nil, "f": nil, "b": nil, "a": nil, "o": nil,
		})
		wantFields(t, "value row", rows[1].(map[string]any), map[string]any{
			"s": "x", "i": float64(5), "f": 1.5, "b": true, "a": []any{float64(1), float64(2)},
			"o": map[string]any{"k": "v"},
		})
		wantFields(t, "nulls", got, map[string]any{
			"nullIsNull": true, "looseEqual": true, "empty": map[string]any{"s": nil, "n": float64(0)},
		})
	})

	t.Run("xml", func(t *testing.T) {
		resp, body := s.Do("GET", "/classes/xml", nil, "")
		want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<note id="7"><to>Ann &amp; Bob</to><items><item>1</item><item>2</item></items><empty></empty>t</note>`
		if resp.StatusCode != 200 || string(body) != want {
			t.Fatalf("e.xml: %d %s\nwant %s", resp.StatusCode, body, want)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
			t.Fatalf("e.xml Content-Type %q", ct)
		}
		expect(t, s, "GET", "/classes/xml-multi", nil, "", 201, `<response><a>1</a><b>two</b></response>`)
		expect(t, s, "GET", "/classes/xml-record", nil, "", 200, `<record><collectionId>`, `<label>lbl</label>`)
		// a name XML cannot carry is an error, not a broken document
		expect(t, s, "GET", "/classes/xml-bad", nil, "", 400)
		if !s.WaitForLog(`is not a valid XML element name`) {
			t.Errorf("the log does not explain the bad XML name:\n%s", s.Log())
		}
		// request hooks' events have xml() too
		req, _ := http.NewRequest("POST", s.URL+"/api/collections/nulls/records", strings.NewReader(`{"label":"x"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Want-XML", "1")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 202 || !strings.Contains(string(raw), `<created><collection>nulls</collection></created>`) {
			t.Fatalf("e.xml in a record request hook: %d %s", res.StatusCode, raw)
		}
	})
}
