package core

import (
	"testing"

	"github.com/hookbase/hookbase/engine/search"
)

// setListRule changes a fixture collection's list rule (nil = locked).
func (f *resolverFixture) setListRule(t *testing.T, c *Collection, rule *string) {
	t.Helper()
	c.ListRule = rule
	rsSave(t, f.app, c)
}

// A client filter (no hidden-field access) follows a relation only into
// records the client may list: the joined rows must pass their
// collection's list rule, and a superusers-only collection cannot be
// crossed. Rules and superusers (hidden-field access) are not limited.
func TestRecordFieldResolverListRuleGuard(t *testing.T) {
	f := newResolverFixture(t)
	f.setListRule(t, f.teams, nil)
	f.setListRule(t, f.users, strPtr("id = @request.auth.id"))
	f.setListRule(t, f.comments, strPtr("user = @request.auth.id"))

	runResolverCases(t, f, f.posts, []resolverCase{
		// teams is superusers-only: a client may not filter through it
		{name: "locked collection", filter: "author.team.name = 'Red'", info: f.u1Info},
		{name: "locked collection in a sort-like path", filter: "editors.team.name ?= 'Blue'", info: f.u1Info},
		{name: "locked collection, rule context", filter: "author.team.name = 'Red'", info: f.u1Info, allowHidden: true, want: []string{"p1", "p3"}},

		// users: only one's own record is listable
		{name: "own related record", filter: "author.name = 'Alice'", info: f.u1Info, want: []string{"p1", "p3"}},
		{name: "another's related record", filter: "author.name = 'Bob'", info: f.u1Info, want: none()},
		{name: "another's related record as its owner", filter: "author.name = 'Bob'", info: f.u2Info, want: []string{"p2"}},
		{name: "guest", filter: "author.name != ''", info: f.guestInfo, want: none()},
		{name: "guest, nothing to compare", filter: "author.name = 'Alice' || author.name = 'Bob'", info: f.guestInfo, want: none()},
		{name: "multi relation", filter: "editors.name ?= 'Bob'", info: f.u2Info, want: []string{"p1", "p2"}},
		{name: "multi relation, not listable", filter: "editors.name ?= 'Bob'", info: f.u1Info, want: none()},
		{name: "stored id needs no join", filter: "author.id = '" + f.u2.Id + "'", info: f.u1Info, want: []string{"p2"}},
		{name: "superuser", filter: "author.name = 'Bob'", info: f.suInfo, allowHidden: true, want: []string{"p2"}},

		// back-relation: comments are listable by their author only
		{name: "back-relation, own", filter: "comments_via_post.message ?~ 'nice'", info: f.u2Info, want: []string{"p1"}},
		{name: "back-relation, another's", filter: "comments_via_post.message ?~ 'nice'", info: f.u1Info, want: none()},
		{name: "back-relation, then a relation", filter: "comments_via_post.user.name ?= 'Alice'", info: f.u1Info, want: []string{"p1", "p2"}},
		{name: "back-relation, then a guarded relation", filter: "comments_via_post.user.name ?= 'Bob'", info: f.u2Info, want: []string{"p1"}},
		{name: "back-relation, then another's record", filter: "comments_via_post.user.name ?= 'Bob'", info: f.u1Info, want: none()},
	})

	// a rule that itself crosses relations is resolved inside the guard
	f.setListRule(t, f.teams, strPtr(""))
	f.setListRule(t, f.users, strPtr("team.name = 'Red' && @request.auth.id != ''"))
	runResolverCases(t, f, f.posts, []resolverCase{
		{name: "rule with a relation", filter: "editors.name ?= 'Alice'", info: f.u2Info, want: []string{"p1", "p4"}},
		{name: "rule with a relation, not matching", filter: "editors.name ?= 'Bob'", info: f.u2Info, want: none()},
		{name: "rule with a relation, guest", filter: "editors.name ?= 'Alice'", info: f.guestInfo, want: none()},
		// a related record the client may not list counts as absent
		{name: "every listable editor", filter: "editors.name = 'Alice'", info: f.u1Info, want: []string{"p1", "p4"}},
		{name: "every editor, rule context", filter: "editors.name = 'Alice'", info: f.u1Info, allowHidden: true, want: none()},
	})

	// a sort through a guarded relation builds and runs
	f.setListRule(t, f.teams, nil)
	for sort, wantErr := range map[string]bool{"author.name": false, "-comments_via_post.message": false, "author.team.name": true} {
		resolver := NewRecordFieldResolver(f.app, f.posts, f.u1Info, false)
		q := f.app.RecordQuery(f.posts)
		expr, err := search.ParseSortFromString(sort)[0].BuildExpr(resolver)
		if (err != nil) != wantErr {
			t.Fatalf("sort %s: error %v", sort, err)
		}
		if err != nil {
			continue
		}
		q.OrderBy(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.FindRecordsByQuery(f.posts, q); err != nil {
			t.Fatalf("sort %s: %v", sort, err)
		}
	}
}
