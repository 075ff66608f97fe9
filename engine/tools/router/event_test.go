package router

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestBindBodyCanBeCalledTwice(t *testing.T) {
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"a":1,"b":"x"}`))
	req.Header.Set("Content-Type", "application/json")
	e := &Event{Request: req, Response: httptest.NewRecorder()}
	first := map[string]any{}
	if err := e.BindBody(&first); err != nil {
		t.Fatal(err)
	}
	var second struct {
		B string `json:"b"`
	}
	if err := e.BindBody(&second); err != nil || second.B != "x" || first["b"] != "x" {
		t.Fatalf("second bind: %+v %v (first %v)", second, err, first)
	}
}

func TestBindBodyMalformedJSONIsAGeneric400(t *testing.T) {
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"a":`))
	req.Header.Set("Content-Type", "application/json")
	e := &Event{Request: req, Response: httptest.NewRecorder()}
	err := e.BindBody(&map[string]any{})
	apiErr, ok := err.(*ApiError)
	if !ok || apiErr.Status != 400 {
		t.Fatalf("got %v", err)
	}
}

func TestParseFormBodyMergesJSONPayload(t *testing.T) {
	req := httptest.NewRequest("POST", "/", strings.NewReader("title=t&tags=a&tags=b&%40jsonPayload=%7B%22n%22%3A2%7D"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	body, err := ParseFormBody(req)
	if err != nil {
		t.Fatal(err)
	}
	if body["title"] != "t" || len(body["tags"].([]any)) != 2 || body["n"] != float64(2) {
		t.Fatalf("body %#v", body)
	}
}

func TestApiErrorShapeAndSentence(t *testing.T) {
	e := NewBadRequestError("odd input", nil)
	if e.Message != "Odd input." || e.Status != 400 || e.Data == nil {
		t.Fatalf("%+v", e)
	}
	if ToApiError(NewNotFoundError("", nil)).Status != 404 {
		t.Fatal("ApiError did not pass through")
	}
}
