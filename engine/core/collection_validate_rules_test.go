package core

import (
	"errors"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

func TestCollectionRulesAreValidatedOnSave(t *testing.T) {
	app := newTestApp(t)
	str := func(s string) *string { return &s }

	ok := NewBaseCollection("notes")
	ok.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}})
	ok.ListRule = str(`title != "" && @request.auth.id != ""`)
	ok.ViewRule = str("")
	if err := app.Save(ok); err != nil {
		t.Fatalf("valid rules refused: %v", err)
	}

	for _, bad := range []string{"nosuchfield = 1", "title >>> 1", `title = "unterminated`} {
		c := NewBaseCollection("bad_rules")
		c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}})
		c.UpdateRule = str(bad)
		err := app.Save(c)
		var errs validation.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("%q: want validation errors, got %v", bad, err)
		}
		ve, isVE := errs["updateRule"].(*validation.Error)
		if !isVE || ve.Code != "validation_invalid_rule" {
			t.Fatalf("%q: want updateRule validation_invalid_rule, got %#v", bad, errs)
		}
		if _, err := app.FindCollectionByNameOrId("bad_rules"); err == nil {
			t.Fatalf("%q: the collection was saved", bad)
		}
	}
}
