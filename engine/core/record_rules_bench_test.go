package core

import (
	"testing"

	"github.com/hookbase/hookbase/engine/search"
)

// benchRule has 5 comparisons and a two-hop relation join.
const benchRule = `@request.auth.id != "" && author.team.name = "Red" && status = "published" && views > 1 && title ~ "o"`

// BenchmarkRuleParseResolve measures turning a rule into a dbx expression
// plus joins for one request (dbx's own rendering of the final SQL text is
// left out): "cached" reuses the parsed AST (what every request does after
// the first), "uncached" parses the text every time.
func BenchmarkRuleParseResolve(b *testing.B) {
	f := newResolverFixture(b)
	build := func(b *testing.B, parse func() (search.Expr, error)) {
		for b.Loop() {
			ast, err := parse()
			if err != nil {
				b.Fatal(err)
			}
			resolver := NewRecordFieldResolver(f.app, f.posts, f.u1Info, true)
			expr, err := search.BuildAST(ast, resolver)
			if err != nil {
				b.Fatal(err)
			}
			q := f.app.RecordQuery(f.posts).AndWhere(expr)
			if err := resolver.UpdateQuery(q); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("cached", func(b *testing.B) {
		build(b, func() (search.Expr, error) { return search.ParseCached(benchRule) })
	})
	b.Run("uncached", func(b *testing.B) {
		build(b, func() (search.Expr, error) { return search.Parse(benchRule) })
	})
	// sanity: the rule is satisfiable, so the benchmark builds real SQL
	q := f.app.RecordQuery(f.posts)
	if err := f.app.ApplyRecordRule(q, f.posts, f.u1Info, rulePtr(benchRule)); err != nil {
		b.Fatal(err)
	}
	if records, err := f.app.FindRecordsByQuery(f.posts, q); err != nil || len(records) != 1 {
		b.Fatalf("rule matched %d: %v", len(records), err)
	}
}
