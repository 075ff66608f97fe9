package search

import (
	"testing"

	"github.com/pocketbase/dbx"
)

const bench5Clauses = `title ~ "hello" && num > 5 && (flag = true || created >= @todayStart) && tags.name ?= {:tag}`

// BenchmarkParseBuild5Clauses measures turning a 5-comparison filter into
// SQL text: "cached" reuses the parsed AST (the rule path), "uncached"
// parses every time.
func BenchmarkParseBuild5Clauses(b *testing.B) {
	db := openTestDB(b)
	params := dbx.Params{"tag": "red"}

	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			expr, err := FilterData(bench5Clauses).BuildExpr(newRelResolver(), params)
			if err != nil {
				b.Fatal(err)
			}
			_ = expr.Build(db, dbx.Params{})
		}
	})

	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			ast, err := Parse(bench5Clauses)
			if err != nil {
				b.Fatal(err)
			}
			expr, err := BuildAST(ast, newRelResolver(), params)
			if err != nil {
				b.Fatal(err)
			}
			_ = expr.Build(db, dbx.Params{})
		}
	})

	b.Run("parse_only", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := Parse(bench5Clauses); err != nil {
				b.Fatal(err)
			}
		}
	})
}
