package core

import (
	"reflect"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/list"
)

// fieldStrings' single-string fast path gives what the general path gives.
func TestFieldStringsFastPathMatchesGeneral(t *testing.T) {
	inputs := []any{"", " ", "abc", " abc ", "[", "]", "[abc", "abc]", "[]", ` ["a","b","a",""] `,
		`["a", 1, null]`, "[not json]", " [x] ", "a,b", nil, []string{"a", "a", ""}, []any{"x", 2}}
	for _, in := range inputs {
		want := list.NonzeroUniques(list.ToUniqueStringSlice(in))
		if got := fieldStrings(in); !reflect.DeepEqual(got, want) {
			t.Errorf("%#v: got %#v want %#v", in, got, want)
		}
	}
}

func BenchmarkFieldStringsSingleId(b *testing.B) {
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = list.NonzeroUniques(list.ToUniqueStringSlice("a00000000000021"))
		}
	})
	b.Run("fieldStrings", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = fieldStrings("a00000000000021")
		}
	})
}
