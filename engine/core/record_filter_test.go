package core

import (
	"database/sql"
	"errors"
	"slices"
	"testing"

	"github.com/pocketbase/dbx"
)

func TestFindRecordsByFilter(t *testing.T) {
	f := newResolverFixture(t)
	ordered := func(records []*Record) []string {
		out := []string{}
		for _, r := range records {
			out = append(out, f.labels[r.Id])
		}
		return out
	}
	cases := []struct {
		name          string
		filter, sort  string
		limit, offset int
		params        []dbx.Params
		want          []string
	}{
		{name: "all", want: []string{"p1", "p2", "p3", "p4"}},
		{name: "params", filter: "views >= {:min} && status = {:s}", sort: "-views", params: []dbx.Params{{"min": 0, "s": "published"}}, want: []string{"p1", "p3"}},
		{name: "several param maps", filter: "views >= {:min} && status = {:s}", sort: "views", params: []dbx.Params{{"min": 0}, {"s": "published"}}, want: []string{"p3", "p1"}},
		{name: "limit", sort: "-views", limit: 2, want: []string{"p1", "p2"}},
		{name: "offset", sort: "-views", limit: 2, offset: 1, want: []string{"p2", "p3"}},
		{name: "relation filter and sort", filter: "editors.name ?= 'Alice'", sort: "-author.name,title", want: []string{"p1", "p4"}},
		{name: "hidden fields allowed", filter: "notes = 'n1' && author.email = 'a@x.com'", want: []string{"p1"}},
		{name: "request is null", filter: "@request.auth.id = '' && @request.body.x:isset = false", sort: "views", want: []string{"p4", "p3", "p2", "p1"}},
		{name: "placeholder with injection", filter: "title = {:t}", params: []dbx.Params{{"t": "' OR 1=1 --"}}, want: []string{}},
	}
	for _, tc := range cases {
		records, err := f.app.FindRecordsByFilter("posts", tc.filter, tc.sort, tc.limit, tc.offset, tc.params...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := ordered(records); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}

	for _, bad := range []string{"nope = 1", "title = {:missing}", "title = ", "(title = 'x'"} {
		if _, err := f.app.FindRecordsByFilter(f.posts, bad, "", 0, 0); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := f.app.FindRecordsByFilter("missing", "", "", 0, 0); err == nil {
		t.Error("unknown collection accepted")
	}
}

func TestFindFirstRecordByFilter(t *testing.T) {
	f := newResolverFixture(t)
	r, err := f.app.FindFirstRecordByFilter(f.posts, "author.name = {:n} && views > 1", dbx.Params{"n": "Alice"})
	if err != nil || r.Id != f.p1.Id {
		t.Fatalf("got %v %v", r, err)
	}
	if r.GetString("title") != "Hello World" || r.IsNew() {
		t.Fatalf("record not loaded: %v", r.PublicExport())
	}
	if _, err := f.app.FindFirstRecordByFilter(f.posts, "title = 'nope'"); !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("no match: %v", err)
	}
	if _, err := f.app.FindFirstRecordByFilter(f.posts, ""); err == nil {
		t.Fatal("empty filter accepted")
	}
}

func TestCountRecordsByFilter(t *testing.T) {
	f := newResolverFixture(t)
	cases := []struct {
		filter string
		want   int64
	}{
		{"", 4},
		{"status = 'draft'", 2},
		// p1 has two matching editors: joined rows are counted once
		{"editors.name ?= 'Alice' || editors.name ?= 'Bob'", 3},
		{"comments_via_post.id != ''", 2},
		{"views > {:v}", 1},
	}
	for _, c := range cases {
		n, err := f.app.CountRecordsByFilter("posts", c.filter, dbx.Params{"v": 5})
		if err != nil {
			t.Fatalf("%q: %v", c.filter, err)
		}
		if n != c.want {
			t.Errorf("%q: %d, want %d", c.filter, n, c.want)
		}
	}
}
