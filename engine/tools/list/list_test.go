package list

import (
	"reflect"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/types"
)

func TestToUniqueStringSlice(t *testing.T) {
	cases := []struct {
		name  string
		input any
		want  []string
	}{
		{"nil", nil, []string{}},
		{"empty string", "", []string{}},
		{"plain string", "abc", []string{"abc"}},
		{"string with bracket only", "[abc", []string{"[abc"}},
		{"json array string", `["a","b","a"]`, []string{"a", "b"}},
		{"json array mixed", `[1, "1", 2.5, null, true]`, []string{"1", "2.5", "", "true"}},
		{"invalid json array", `[a, b]`, []string{"[a, b]"}},
		{"empty json array", `[]`, []string{}},
		{"string slice", []string{"b", "a", "b", ""}, []string{"b", "a", ""}},
		{"nil string slice", []string(nil), []string{}},
		{"any slice", []any{"x", 1, 1.0, "x", nil}, []string{"x", "1", ""}},
		{"JSONArray string", types.JSONArray[string]{"a", "a", "c"}, []string{"a", "c"}},
		{"JSONArray any", types.JSONArray[any]{"a", 2.0}, []string{"a", "2"}},
		{"JSONRaw", types.JSONRaw(`["q","q"]`), []string{"q"}},
		{"int slice", []int{3, 1, 3}, []string{"3", "1"}},
		{"int", 5, []string{"5"}},
	}
	for _, c := range cases {
		got := ToUniqueStringSlice(c.input)
		if got == nil {
			t.Errorf("%s: result must not be nil", c.name)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, got, c.want)
		}
	}
}

func TestToUniqueStringSliceDoesNotAlias(t *testing.T) {
	in := []string{"a", "b"}
	out := ToUniqueStringSlice(in)
	out[0] = "z"
	if in[0] != "a" {
		t.Fatal("result must not share the input's backing array")
	}
}

func TestExistInSlice(t *testing.T) {
	if !ExistInSlice("b", []string{"a", "b"}) || ExistInSlice("c", []string{"a"}) || ExistInSlice(1, nil) {
		t.Fatal("ExistInSlice is wrong")
	}
}

func TestSubtractSlice(t *testing.T) {
	got := SubtractSlice([]string{"a", "b", "c", "b"}, []string{"b", "x"})
	if !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Fatalf("got %v", got)
	}
	if got := SubtractSlice([]int{1, 2}, nil); !reflect.DeepEqual(got, []int{1, 2}) {
		t.Fatalf("got %v", got)
	}
	if got := SubtractSlice(nil, []int{1}); got == nil || len(got) != 0 {
		t.Fatalf("got %#v", got)
	}
}

func TestNonzeroUniques(t *testing.T) {
	if got := NonzeroUniques([]string{"", "a", "b", "a", ""}); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Fatalf("got %v", got)
	}
	if got := NonzeroUniques([]int{0, 3, 3, 1}); !reflect.DeepEqual(got, []int{3, 1}) {
		t.Fatalf("got %v", got)
	}
	if got := NonzeroUniques[string](nil); got == nil {
		t.Fatal("result must not be nil")
	}
}
