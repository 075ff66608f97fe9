package core

import (
	"encoding/json"
	"math"
	"testing"
)

// The logs writer's bulk path encodes a row's data with appendJSONMap: it
// must write the very bytes encoding/json writes (the model path), so rows
// read back and compare as before.
func TestLogDataEncodingMatchesEncodingJSON(t *testing.T) {
	cases := []map[string]any{
		{},
		{"type": "request", "method": "GET", "url": "/api/health?x=<a>&b", "status": 200, "execTime": 0.123,
			"referer": "", "userAgent": "wrk/4.2 \"quoted\" \\ back", "auth": "", "requestId": "abc123"},
		{"ctl": "a\x00b\x01\x1f\b\f\n\r\t", "bad": "\xff\xfe ok \xc3", "ls": "x\u2028y\u2029z", "uni": "héllo ✓ 😀"},
		{"f": []any{1.5, 1e21, 1e-7, 123456789.0, -0.0, 0.000001, 1e20, float64(math.MaxInt64)}, "n": nil, "b": true},
		{"nested": map[string]any{"z": 1, "a": []string{"x", "<y>"}, "m": map[string]any(nil)}, "i64": int64(-5), "u": uint64(7), "i32": int32(3)},
		{"empty": []any{}, "nilslice": []any(nil), "nilstrings": []string(nil), "k\"ey<": "v", "other": struct{ A int }{1}},
	}
	for _, data := range cases {
		want, err := json.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSONMap(nil, data)
		if err != nil || string(got) != string(want) {
			t.Errorf("got %s (%v)\nwant %s", got, err, want)
		}
	}
	if _, err := appendJSONMap(nil, map[string]any{"nan": math.NaN()}); err == nil {
		t.Error("NaN has no JSON form")
	}
}

func FuzzLogDataEncoding(f *testing.F) {
	f.Add("GET /api/health", "<script>&\u2028", 1.25, int64(404))
	f.Add("\xff\x00\"\\", "", 1e-9, int64(-1))
	f.Fuzz(func(t *testing.T, key, value string, num float64, n int64) {
		data := map[string]any{key: value, "num": num, "n": n, "list": []any{value, num}}
		want, wantErr := json.Marshal(data)
		got, err := appendJSONMap(nil, data)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("errors differ: %v vs encoding/json %v", err, wantErr)
		}
		if err == nil && string(got) != string(want) {
			t.Fatalf("got %s\nwant %s", got, want)
		}
	})
}
