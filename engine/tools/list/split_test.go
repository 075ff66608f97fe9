package list

import (
	"reflect"
	"testing"
)

func TestSplitOutsideParens(t *testing.T) {
	for in, want := range map[string][]string{
		"":                         {""},
		"a":                        {"a"},
		"a,b":                      {"a", "b"},
		"a,b:excerpt(10,true),c":   {"a", "b:excerpt(10,true)", "c"},
		"lower(x), (a,(b,c)) DESC": {"lower(x)", " (a,(b,c)) DESC"},
	} {
		if got := SplitOutsideParens(in); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}
