package router

import (
	"errors"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

// Messages go through the one sentence helper; the copies it replaced cut
// a multi-byte first letter in half ("über" became "\ufffd\xbcber.").
func TestApiErrorMessagesAreSentences(t *testing.T) {
	cases := map[string]string{
		"über den wolken": "Über den wolken.",
		"missing id":      "Missing id.",
		"Done!":           "Done!",
	}
	for in, want := range cases {
		if got := NewBadRequestError(in, nil).Message; got != want {
			t.Errorf("message %q became %q, want %q", in, got, want)
		}
	}
	if got := NewNotFoundError("", nil).Message; got != "The requested resource wasn't found." {
		t.Errorf("default message %q", got)
	}

	data := NewBadRequestError("", validation.Errors{"title": errors.New("ölçü is wrong")}).Data
	item, ok := data["title"].(*validation.Error)
	if !ok || item.Message != "Ölçü is wrong." {
		t.Fatalf("plain error in validation data became %#v", data["title"])
	}
}
