package core

import "testing"

// A plain (not "?") operator on a multi-valued left operand means "every
// element matches"; on an empty set that holds vacuously, so records without
// values are included wherever the comparison accepts an empty value —
// PocketBase compares the missing item as NULL, i.e. "" — e.g. for != .
// p3 has no tags and no editors; p4 has no author.
func TestFilterEveryElementOnEmptySet(t *testing.T) {
	f := newResolverFixture(t)
	runResolverCases(t, f, f.posts, []resolverCase{
		{name: "each != on empty select", filter: "tags:each != 'a'", want: []string{"p3", "p4"}},
		{name: "each != '' on empty select", filter: "tags:each != ''", want: []string{"p1", "p2", "p4"}},
		{name: "each = '' on empty select", filter: "tags:each = ''", want: []string{"p3"}},
		{name: "each = on empty select", filter: "tags:each = 'a'", want: []string{"p2"}},
		{name: "each like on empty select", filter: "tags:each ~ 'a'", want: []string{"p2"}},
		{name: "multi relation != on empty set", filter: "editors.name != 'Bob'", want: []string{"p3", "p4"}},
		{name: "multi relation = '' on empty set", filter: "editors.name = ''", want: []string{"p3"}},
		{name: "multi relation != '' on empty set", filter: "editors.name != ''", want: []string{"p1", "p2", "p4"}},
		{name: "single relation != on empty", filter: "author.name != 'Bob'", want: []string{"p1", "p3", "p4"}},
		// "any" compares the NULL row of an empty set like "" too, as PocketBase
		{name: "any != on empty select", filter: "tags:each ?!= 'a'", want: []string{"p1", "p3", "p4"}},
	})
}
