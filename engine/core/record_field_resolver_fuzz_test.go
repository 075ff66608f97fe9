package core

import (
	"regexp"
	"testing"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
)

// SQL string literals the resolver and the builder write themselves; any
// other literal in the generated SQL would be client text that escaped
// binding.
var fuzzAllowedLiteral = regexp.MustCompile(`^'(\$[\w.\[\]]*|%|\\|array|null|object|)'$`)
var fuzzSQLLiteral = regexp.MustCompile(`'(?:[^']|'')*'`)

// FuzzRecordFieldResolverFilter builds arbitrary filters against a real
// schema: it must never panic, every client value must stay a bound
// parameter, and a filter that builds must run without an SQL error.
//
//	go test ./engine/core -run XXX -fuzz FuzzRecordFieldResolverFilter -fuzztime 30s
func FuzzRecordFieldResolverFilter(f *testing.F) {
	for _, seed := range []string{
		"title = 'x'", "author.team.name ?= 'Red' && views > 1", "editors.name = 'Bob'",
		"comments_via_post.message ?~ 'hello'", "tags:each = 'a' || tags:length > 1",
		"data.a.0.b = null", "@request.auth.team.name = 'x'", "@request.body.tags:each ?= 'a'",
		"@request.body.author.name = 'Bob'", "@request.body.title:changed = true",
		"@collection.news:n.owner ?= author", "geoDistance(loc.lon, loc.lat, 1, 2) < 5",
		"strftime('%Y', title) = '2024'", "title ~ \"a%'b\"", "author.email = {:p}",
		"@request.query.q:isset = false && @request.headers.h:lower = 'x'",
	} {
		f.Add(seed)
	}
	fx := newResolverFixture(f)
	info := &RequestInfo{
		Auth:    fx.u1Info.Auth,
		Body:    map[string]any{"title": "t'x", "tags": []any{"a", "b'"}, "author": fx.u2.Id},
		Query:   map[string]string{"q": "' OR 1=1"},
		Headers: map[string]string{"h": "X"},
	}
	f.Fuzz(func(t *testing.T, filter string) {
		for _, allowHidden := range []bool{false, true} {
			resolver := NewRecordFieldResolver(fx.app, fx.posts, info, allowHidden)
			expr, err := search.FilterData(filter).BuildExpr(resolver, dbx.Params{"p": "v'"})
			if err != nil {
				continue
			}
			q := fx.app.RecordQuery(fx.posts).AndWhere(expr)
			if err := resolver.UpdateQuery(q); err != nil {
				t.Fatalf("%q: %v", filter, err)
			}
			sql := q.Build().SQL()
			for _, lit := range fuzzSQLLiteral.FindAllString(sql, -1) {
				if !fuzzAllowedLiteral.MatchString(lit) {
					t.Fatalf("%q: unbound literal %s in SQL: %s", filter, lit, sql)
				}
			}
			if _, err := fx.app.FindRecordsByQuery(fx.posts, q); err != nil {
				t.Fatalf("%q: query failed: %v\nSQL: %s", filter, err, sql)
			}
		}
	})
}
