package core

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestPasswordFieldSetAndGet(t *testing.T) {
	f := &PasswordField{FieldBase: FieldBase{Name: "password"}, Cost: bcrypt.MinCost}
	r := testRecord(f)

	r.Set("password", "secret123")
	pv, ok := r.GetRaw("password").(*PasswordFieldValue)
	if !ok || pv.Plain != "secret123" || !strings.HasPrefix(pv.Hash, "$2") {
		t.Fatalf("value after Set: %#v", r.GetRaw("password"))
	}
	if cost, _ := bcrypt.Cost([]byte(pv.Hash)); cost != bcrypt.MinCost {
		t.Errorf("cost %d", cost)
	}
	if !pv.Validate("secret123") || pv.Validate("wrong") {
		t.Error("Validate")
	}
	if r.Get("password:hash") != pv.Hash {
		t.Errorf("password:hash = %#v", r.Get("password:hash"))
	}
	if got := f.FindGetter("password")(r); got != "secret123" {
		t.Errorf("plain getter = %#v", got)
	}
	if dv, err := f.DriverValue(r); err != nil || dv != pv.Hash {
		t.Errorf("driver value %#v %v", dv, err)
	}
	// No JSON rendering of the value carries the plain text.
	if b, _ := json.Marshal(pv); strings.Contains(string(b), "secret123") {
		t.Errorf("plain text leaked: %s", b)
	}

	// After the record is stored the plain text is forgotten.
	if err := f.Intercept(context.Background(), nil, r, InterceptorActionAfterCreate, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if pv.Plain != "" || pv.Hash == "" {
		t.Errorf("after create: %#v", pv)
	}

	// A stored hash (from the DB) is loaded as is, and a raw hash string works too.
	loaded, _ := f.PrepareValue(nil, pv.Hash)
	if lv := loaded.(*PasswordFieldValue); lv.Hash != pv.Hash || lv.Plain != "" || !lv.Validate("secret123") {
		t.Errorf("loaded: %#v", lv)
	}
	r.SetRaw("password", pv.Hash)
	if f.PasswordValue(r).Hash != pv.Hash {
		t.Error("raw hash string")
	}
	r.SetRaw("password", "not a hash")
	if f.PasswordValue(r).Hash != "" {
		t.Error("raw non-hash string")
	}
	var nilValue *PasswordFieldValue
	if nilValue.Validate("x") {
		t.Error("nil value validates")
	}
}

func TestPasswordFieldValidate(t *testing.T) {
	cases := []struct {
		name  string
		field *PasswordField
		raw   any
		want  string
	}{
		{"empty optional", &PasswordField{FieldBase: FieldBase{Name: "p"}}, nil, ""},
		{"required", &PasswordField{FieldBase: FieldBase{Name: "p"}, Required: true}, nil, "validation_required"},
		{"required set to empty", &PasswordField{FieldBase: FieldBase{Name: "p"}, Required: true}, "", "validation_required"},
		{"short", &PasswordField{FieldBase: FieldBase{Name: "p"}, Min: 8, Cost: 4}, "1234567", "validation_min_text_constraint"},
		{"ok", &PasswordField{FieldBase: FieldBase{Name: "p"}, Min: 8, Cost: 4}, "12345678", ""},
		{"long", &PasswordField{FieldBase: FieldBase{Name: "p"}, Max: 10, Cost: 4}, "12345678901", "validation_max_text_constraint"},
		{"default max 71", &PasswordField{FieldBase: FieldBase{Name: "p"}, Cost: 4}, strings.Repeat("a", 72), "validation_max_text_constraint"},
		{"pattern", &PasswordField{FieldBase: FieldBase{Name: "p"}, Pattern: `\d`, Cost: 4}, "abcdefgh", "validation_invalid_format"},
	}
	for _, c := range cases {
		if got := errCode(validateField(c.field, c.raw)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	// A stored hash with no new plain text is valid whatever the options.
	f := &PasswordField{FieldBase: FieldBase{Name: "p"}, Min: 50, Required: true}
	r := testRecord(f)
	r.SetRaw("p", &PasswordFieldValue{Hash: "$2a$04$abcdefghijklmnopqrstuu"})
	if err := f.ValidateValue(context.Background(), nil, r); err != nil {
		t.Errorf("stored hash: %v", err)
	}
}

func TestPasswordFieldValidateSettings(t *testing.T) {
	cases := []struct {
		name  string
		field *PasswordField
		want  string
	}{
		{"auth default", &PasswordField{FieldBase: FieldBase{Id: "p1", Name: "password"}, Min: 8}, ""},
		{"min over 71", &PasswordField{FieldBase: FieldBase{Id: "p1", Name: "password"}, Min: 72}, "min=validation_max_less_equal_than_required"},
		{"max below min", &PasswordField{FieldBase: FieldBase{Id: "p1", Name: "password"}, Min: 8, Max: 5}, "max=validation_min_greater_equal_than_required"},
		{"max over 71", &PasswordField{FieldBase: FieldBase{Id: "p1", Name: "password"}, Max: 100}, "max=validation_max_less_equal_than_required"},
		{"cost too low", &PasswordField{FieldBase: FieldBase{Id: "p1", Name: "password"}, Cost: 2}, "cost=validation_min_greater_equal_than_required"},
		{"cost too high", &PasswordField{FieldBase: FieldBase{Id: "p1", Name: "password"}, Cost: 32}, "cost=validation_max_less_equal_than_required"},
		{"bad pattern", &PasswordField{FieldBase: FieldBase{Id: "p1", Name: "password"}, Pattern: "("}, "pattern=validation_invalid_regex"},
	}
	for _, c := range cases {
		if got := errCodes(c.field.ValidateSettings(context.Background(), nil, nil)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
