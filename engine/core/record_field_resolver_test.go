package core

import (
	"slices"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
)

type resolverCase struct {
	name        string
	filter      string
	info        *RequestInfo
	allowHidden bool
	want        []string // nil: an error is expected
}

func runResolverCases(t *testing.T, f *resolverFixture, c *Collection, cases []resolverCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.match(t, c, tc.filter, tc.info, tc.allowHidden)
			if tc.want == nil {
				if err == nil {
					t.Fatalf("%q: expected an error, got %v", tc.filter, got)
				}
				if !search.IsUserError(err) {
					t.Fatalf("%q: error %v is not a user (400) error", tc.filter, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%q: %v", tc.filter, err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("%q: got %v, want %v", tc.filter, got, tc.want)
			}
		})
	}
}

func none() []string { return []string{} }

func TestRecordFieldResolverCollectionFields(t *testing.T) {
	f := newResolverFixture(t)
	all := []string{"p1", "p2", "p3", "p4"}
	cases := []resolverCase{
		// plain fields and operators
		{name: "eq", filter: "title = 'Hello World'", want: []string{"p1"}},
		{name: "neq", filter: "status != 'draft'", want: []string{"p1", "p3"}},
		{name: "like is case-insensitive and wrapped", filter: "title ~ 'hello'", want: []string{"p1"}},
		{name: "like with own percent is raw", filter: "title ~ '100%'", want: []string{"p4"}},
		{name: "not like", filter: "title !~ 'o'", want: []string{"p3", "p4"}},
		{name: "numbers", filter: "views > 4 && views <= 10", want: []string{"p1", "p2"}},
		{name: "lt gte", filter: "views < 0 || views >= 10", want: []string{"p1", "p4"}},
		{name: "bool", filter: "published = true", want: []string{"p1"}},
		{name: "and binds tighter than or", filter: "status = 'draft' || views >= 10 && published = true", want: []string{"p1", "p2", "p4"}},
		{name: "parentheses", filter: "(status = 'draft' || views >= 10) && published = false", want: []string{"p2", "p4"}},
		{name: "empty equals null", filter: "author = ''", want: []string{"p4"}},
		{name: "id", filter: "id = '" + f.p2.Id + "'", want: []string{"p2"}},
		{name: "lower", filter: "title:lower = 'hello world'", want: []string{"p1"}},
		{name: "comment", filter: "title = 'Third' // a comment", want: []string{"p3"}},
		{name: "macro", filter: "title != @now", want: all},

		// multi-value fields: plain/any operators compare the stored JSON text
		{name: "multi select ?= is the JSON text", filter: "tags ?= 'a'", want: none()},
		{name: "multi select = is the JSON text", filter: `tags = '["a"]'`, want: []string{"p2"}},
		{name: "multi select like on the JSON text", filter: "tags ~ 'a'", want: []string{"p1", "p2"}},
		{name: "each any", filter: "tags:each ?= 'a'", want: []string{"p1", "p2"}},
		{name: "each every", filter: "tags:each = 'a'", want: []string{"p2"}},
		{name: "each every like", filter: "tags:each ~ '%'", want: []string{"p1", "p2", "p4"}},
		{name: "length", filter: "tags:length = 2", want: []string{"p1"}},
		{name: "length zero", filter: "tags:length = 0", want: []string{"p3"}},
		{name: "multi relation length", filter: "editors:length = 2", want: []string{"p1", "p4"}},
		{name: "each on single field", filter: "title:each = 'x'", want: nil},

		// single relations
		{name: "relation field", filter: "author.name = 'Alice'", want: []string{"p1", "p3"}},
		{name: "relation of relation", filter: "author.team.name = 'Red'", want: []string{"p1", "p3"}},
		{name: "relation id without join", filter: "author.id = '" + f.u1.Id + "'", want: []string{"p1", "p3"}},
		{name: "relation value", filter: "author = '" + f.u2.Id + "'", want: []string{"p2"}},
		{name: "same path twice is one join", filter: "author.name = 'Alice' && author.role = 'admin'", want: []string{"p1", "p3"}},
		{name: "relation multi select each", filter: "author.team.tags:each ?= 'b'", want: []string{"p1", "p3"}},

		// multi relations: any vs every, empty excluded
		{name: "multi rel any", filter: "editors.name ?= 'Bob'", want: []string{"p1", "p2"}},
		{name: "multi rel every", filter: "editors.name = 'Bob'", want: []string{"p2"}},
		{name: "multi rel every like", filter: "editors.name ~ 'o'", want: []string{"p2"}},
		{name: "multi rel nested any", filter: "editors.team.name ?= 'Blue'", want: []string{"p1", "p2"}},
		{name: "multi rel id any", filter: "editors.id ?= '" + f.u3.Id + "'", want: []string{"p4"}},
		{name: "multi rel every gt", filter: "editors.name > 'A'", want: []string{"p1", "p2", "p4"}},

		// back-relations (single relation field: multi-valued)
		{name: "back rel any", filter: "comments_via_post.message ?~ 'hello'", want: []string{"p1", "p2"}},
		{name: "back rel every", filter: "comments_via_post.message ~ 'hello'", want: []string{"p2"}},
		{name: "back rel nested", filter: "comments_via_post.user.name ?= 'Bob'", want: []string{"p1"}},
		{name: "back rel unknown collection", filter: "nope_via_post.message = 'x'", want: nil},
		{name: "back rel wrong target", filter: "comments_via_user.message = 'x'", want: nil},

		// JSON and geoPoint paths
		{name: "json path", filter: "data.a.b = 1", want: []string{"p1"}},
		{name: "json path compare", filter: "data.a.b > 0", want: []string{"p1", "p2"}},
		{name: "json array index", filter: "data.arr.1 = 2", want: []string{"p1"}},
		{name: "json string", filter: "data.s = 'x'", want: []string{"p1"}},
		{name: "json top-level scalar", filter: "data = 'str'", want: []string{"p4"}},
		{name: "json null", filter: "data = null", want: []string{"p3"}},
		{name: "json missing key", filter: "data.zz = null", want: all},
		{name: "geo point path", filter: "loc.lat > 45", want: []string{"p2"}},
		{name: "geo distance", filter: "geoDistance(loc.lon, loc.lat, 23.32, 42.69) < 25", want: []string{"p1"}},
		{name: "relation then json", filter: "comments_via_post.post.data.a.b ?= 2", want: []string{"p2"}},

		// @collection
		{name: "collection any", filter: "@collection.news.category ?= category && @collection.news.owner ?= author", want: []string{"p1", "p2"}},
		{name: "collection every", filter: "@collection.news.category = 'x'", want: none()},
		{name: "collection alias", filter: "@collection.news:n.category ?= 'y' && @collection.news:m.owner ?= author", want: []string{"p1", "p2", "p3"}},
		{name: "collection unknown", filter: "@collection.missing.x = 1", want: nil},

		// hidden fields
		{name: "hidden refused", filter: "notes = 'n1'", want: nil},
		{name: "hidden allowed", filter: "notes = 'n1'", allowHidden: true, want: []string{"p1"}},
		{name: "hidden through relation refused", filter: "author.secret = 's1'", want: nil},
		{name: "hidden through relation allowed", filter: "author.secret = 's1'", allowHidden: true, want: []string{"p1", "p3"}},
		{name: "public email matches", filter: "author.email = 'a@x.com'", want: []string{"p1", "p3"}},
		{name: "private email never matches for guests", filter: "author.email = 'b@x.com'", want: none()},
		{name: "private email for superusers", filter: "author.email = 'b@x.com'", allowHidden: true, want: []string{"p2"}},

		// errors
		{name: "unknown field", filter: "nope = 1", want: nil},
		{name: "unknown nested field", filter: "author.nope = 1", want: nil},
		{name: "not a relation", filter: "title.x = 1", want: nil},
		{name: "unknown modifier", filter: "tags:bogus = 1", want: nil},
		{name: "changed outside body", filter: "title:changed = true", want: nil},
		{name: "modifier mid path", filter: "author:lower.name = 1", want: nil},
		{name: "bad json path", filter: "data.a-b = 1", want: nil},
		{name: "unknown @", filter: "@foo.bar = 1", want: nil},
	}
	runResolverCases(t, f, f.posts, cases)
}

func TestRecordFieldResolverRequestFields(t *testing.T) {
	f := newResolverFixture(t)
	all := []string{"p1", "p2", "p3", "p4"}
	bodyInfo := &RequestInfo{
		Method:  "POST",
		Context: RequestContextDefault,
		Auth:    f.u1Info.Auth,
		Query:   map[string]string{"page": "2"},
		Headers: map[string]string{"x_token": "abc"},
		Body: map[string]any{
			"title": "T", "views": "5", "tags": []any{"a", "b"}, "author": f.u2.Id,
			"editors": []string{f.u1.Id, f.u3.Id}, "data": map[string]any{"k": []any{"v0", "v1"}}, "nothing": nil,
		},
	}
	cases := []resolverCase{
		// @request.auth
		{name: "guest id is empty", filter: "@request.auth.id != ''", info: f.guestInfo, want: none()},
		{name: "guest id equals empty", filter: "@request.auth.id = ''", info: f.guestInfo, want: all},
		{name: "guest any auth field is null", filter: "@request.auth.role = null", info: f.guestInfo, want: all},
		{name: "no request info", filter: "@request.auth.id != ''", info: nil, want: none()},
		{name: "auth id", filter: "author = @request.auth.id", info: f.u1Info, want: []string{"p1", "p3"}},
		{name: "auth id in multi rel", filter: "editors.id ?= @request.auth.id", info: f.u1Info, want: []string{"p1", "p4"}},
		{name: "auth plain email", filter: "@request.auth.email = 'a@x.com'", info: f.u1Info, want: all},
		{name: "auth hidden email is readable by rules", filter: "@request.auth.email = 'b@x.com'", info: f.u2Info, want: all},
		{name: "auth verified", filter: "@request.auth.verified = true", info: f.u1Info, want: all},
		{name: "auth collection", filter: "@request.auth.collectionName = 'users'", info: f.u1Info, want: all},
		{name: "auth custom field", filter: "@request.auth.role = 'admin'", info: f.u1Info, want: all},
		{name: "auth custom field other", filter: "@request.auth.role = 'admin'", info: f.u2Info, want: none()},
		{name: "auth hidden field", filter: "@request.auth.secret = 's2'", info: f.u2Info, want: all},
		{name: "auth relation", filter: "@request.auth.team.name = 'Red'", info: f.u1Info, want: all},
		{name: "auth relation compared to field", filter: "author.team = @request.auth.team", info: f.u2Info, want: []string{"p2"}},
		{name: "auth unknown field is null", filter: "@request.auth.nope = null", info: f.u1Info, want: all},
		{name: "auth lower", filter: "@request.auth.email:lower = 'a@x.com'", info: f.u1Info, want: all},

		// @request.body
		{name: "body value", filter: "@request.body.title = 'T'", info: bodyInfo, want: all},
		{name: "body number string", filter: "@request.body.views = 5", info: bodyInfo, want: all},
		{name: "body compared to field", filter: "@request.body.views = views", info: bodyInfo, want: []string{"p2"}},
		{name: "body isset", filter: "@request.body.title:isset = true && @request.body.nope:isset = false", info: bodyInfo, want: all},
		{name: "body null isset", filter: "@request.body.nothing:isset = true && @request.body.nothing = null", info: bodyInfo, want: all},
		{name: "body missing is null", filter: "@request.body.nope = null", info: bodyInfo, want: all},
		{name: "body length", filter: "@request.body.tags:length = 2", info: bodyInfo, want: all},
		{name: "body each any", filter: "@request.body.tags:each ?= 'b'", info: bodyInfo, want: all},
		{name: "body each every", filter: "@request.body.tags:each = 'a'", info: bodyInfo, want: none()},
		{name: "body each every like", filter: "@request.body.tags:each ~ '%'", info: bodyInfo, want: all},
		{name: "body lower", filter: "@request.body.title:lower = 't'", info: bodyInfo, want: all},
		{name: "body relation", filter: "@request.body.author.name = 'Bob'", info: bodyInfo, want: all},
		{name: "body multi relation every", filter: "@request.body.editors.role = 'member'", info: bodyInfo, want: none()},
		{name: "body multi relation any", filter: "@request.body.editors.role ?= 'member'", info: bodyInfo, want: all},
		{name: "body nested json", filter: "@request.body.data.k.1 = 'v1'", info: bodyInfo, want: all},
		{name: "body array as json text", filter: `@request.body.tags = '["a","b"]'`, info: bodyInfo, want: all},
		{name: "body changed", filter: "@request.body.title:changed = true", info: bodyInfo, want: all},
		{name: "body unchanged", filter: "@request.body.views:changed = false", info: bodyInfo, want: []string{"p2"}},
		{name: "body multi unchanged", filter: "@request.body.tags:changed = false", info: bodyInfo, want: []string{"p1"}},
		{name: "body not submitted is not changed", filter: "@request.body.status:changed = false", info: bodyInfo, want: all},
		{name: "body each on single field", filter: "@request.body.title:each = 'x'", info: bodyInfo, want: nil},

		// other request data
		{name: "query", filter: "@request.query.page = '2' && @request.query.nope:isset = false", info: bodyInfo, want: all},
		{name: "headers", filter: "@request.headers.x_token = 'abc'", info: bodyInfo, want: all},
		{name: "method", filter: "@request.method = 'POST'", info: bodyInfo, want: all},
		{name: "context", filter: "@request.context = 'default'", info: bodyInfo, want: all},
		{name: "context other", filter: "@request.context != 'oauth2'", info: f.guestInfo, want: all},
		{name: "nil info isset", filter: "@request.body.x:isset = false", info: nil, want: all},
		{name: "invalid request key", filter: "@request.nope = 1", info: bodyInfo, want: nil},
	}
	runResolverCases(t, f, f.posts, cases)
}

// Values never reach the SQL text, and identifiers that are not plain
// schema names are refused before any SQL is built.
func TestRecordFieldResolverInjection(t *testing.T) {
	f := newResolverFixture(t)
	evil := "x' OR 1=1 --"
	info := &RequestInfo{
		Body:    map[string]any{"title": evil},
		Query:   map[string]string{"q": evil},
		Headers: map[string]string{"h": evil},
		Auth:    f.u1Info.Auth,
	}
	for _, filter := range []string{
		`title = "x' OR 1=1 --"`,
		`title ~ "%' OR 1=1 --"`,
		`title = @request.body.title`,
		`title = @request.query.q || title = @request.headers.h`,
		`data.a = {:evil}`,
	} {
		resolver := NewRecordFieldResolver(f.app, f.posts, info, false)
		expr, err := search.FilterData(filter).BuildExpr(resolver, dbx.Params{"evil": evil})
		if err != nil {
			t.Fatalf("%q: %v", filter, err)
		}
		q := f.app.RecordQuery(f.posts).AndWhere(expr)
		_ = resolver.UpdateQuery(q)
		if sql := q.Build().SQL(); strings.Contains(sql, "1=1 --") {
			t.Fatalf("%q: value reached the SQL: %s", filter, sql)
		}
		got, err := f.match(t, f.posts, filter, info, false, dbx.Params{"evil": evil})
		if err != nil || len(got) != 0 {
			t.Fatalf("%q: %v %v", filter, got, err)
		}
	}

	for _, field := range []string{
		"title) OR (1=1", "title;DROP TABLE posts", "author.name`", "data.a') OR 1=1 --",
		"@collection.posts;x.title", "@request.body.a'b", "comments_via_post'.x",
	} {
		resolver := NewRecordFieldResolver(f.app, f.posts, info, true)
		if res, err := resolver.Resolve(field); err == nil {
			t.Fatalf("%q resolved to %q", field, res.Identifier)
		}
		if _, err := search.FilterData(field + " = 1").BuildExpr(resolver); err == nil {
			t.Fatalf("%q was accepted in a filter", field)
		}
	}
	if n, _ := f.app.CountRecords(f.posts); n != 4 {
		t.Fatalf("posts were modified: %d", n)
	}
}

// Two resolvers on one query (a rule and a client filter) never produce
// clashing join aliases.
func TestRecordFieldResolverJoinAliasesAreUniquePerResolver(t *testing.T) {
	f := newResolverFixture(t)
	rule := "author.team.name = 'Red'"
	q := f.app.RecordQuery(f.posts)
	if err := f.app.ApplyRecordRule(q, f.posts, f.u1Info, &rule); err != nil {
		t.Fatal(err)
	}
	r2 := NewRecordFieldResolver(f.app, f.posts, f.u1Info, false)
	expr, err := search.FilterData("author.team.name ~ 'e' && editors.name ?= 'Bob'").BuildExpr(r2)
	if err != nil {
		t.Fatal(err)
	}
	q.AndWhere(expr)
	_ = r2.UpdateQuery(q)
	records, err := f.app.FindRecordsByQuery(f.posts, q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q.Build().SQL())
	}
	if got := f.labelsOf(records); !slices.Equal(got, []string{"p1"}) {
		t.Fatalf("got %v", got)
	}
}

func TestRecordFieldResolverSort(t *testing.T) {
	f := newResolverFixture(t)
	cases := []struct {
		sort string
		want []string
	}{
		{"-views", []string{"p1", "p2", "p3", "p4"}},
		{"+views", []string{"p4", "p3", "p2", "p1"}},
		{"author.name,-views", []string{"p4", "p1", "p3", "p2"}},
		{"@rowid", []string{"p1", "p2", "p3", "p4"}},
		{"-@rowid", []string{"p4", "p3", "p2", "p1"}},
	}
	for _, c := range cases {
		records, err := f.app.FindRecordsByFilter(f.posts, "", c.sort, 0, 0)
		if err != nil {
			t.Fatalf("%s: %v", c.sort, err)
		}
		got := make([]string, len(records))
		for i, r := range records {
			got[i] = f.labels[r.Id]
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("sort %q: got %v, want %v", c.sort, got, c.want)
		}
	}
	if records, err := f.app.FindRecordsByFilter(f.posts, "", "@random", 0, 0); err != nil || len(records) != 4 {
		t.Fatalf("@random: %v %v", len(records), err)
	}
	for _, bad := range []string{"nope", "@request.auth.id", "title;DROP", "notes:x"} {
		if _, err := f.app.FindRecordsByFilter(f.posts, "", bad, 0, 0); err == nil {
			t.Errorf("sort %q accepted", bad)
		}
	}
}
