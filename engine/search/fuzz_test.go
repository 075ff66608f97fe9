package search

import (
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
)

var fuzzSeeds = []string{
	`title = "x"`,
	`title = 'a' && (num > 1 || num <= -2.5) // c`,
	`tags.name ?= "red" || tags.name != 'x' && tags.name ~ "%a_"`,
	`data.auth = null && flag = true && title:lower ~ 'Q'`,
	`geoDistance(num, num, 1.5, -2) < 10`,
	`strftime('%Y-%m', title, '+1 day') = "2024" && strftime('%s') > 0`,
	`title = @now || num = @year || title > @monthEnd`,
	`title = {:p} && num = {:q}`,
	`title = "'; DROP TABLE items; --"`,
	`title = '" OR 1=1 --'`,
	"title = '`id` = 1'",
	`title = "[[items.id]]" || title = "{{items}}"`,
	`title = "{:x}" && title ~ '{:p}'`,
	`title = '\'' || title = "\"" || title = '\\' || title = "a\%b"`,
	`title ~ ") OR (1=1"`,
	`title = 'ESCAPE' || title = "'%'" || title = "NULL" || title = "multiMatchValue"`,
	`((((title = 1))))`,
	`title = 'x' || `,
	`@request.auth.id != ""`,
	`tags.name = tags.name`,
	`data:each ?= 2 && data:length > 1 || data:each ~ 'x' && tags.name != data:each`,
	`"a" = "a"`,
	`title = "ünïcödé ✓"`,
	"title = '\x00\xff'",
}

// FuzzParse checks that no input panics and that every parsed AST prints to
// text that parses back to the same AST.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			if !IsUserError(err) {
				t.Fatalf("Parse(%q): error %v is not a user error", src, err)
			}
			return
		}
		printed := e.String()
		e2, err := Parse(printed)
		if err != nil {
			t.Fatalf("reparse of %q (from %q): %v", printed, src, err)
		}
		if e2.String() != printed {
			t.Fatalf("round trip changed %q into %q", printed, e2.String())
		}
	})
}

// fuzzResolver allows a fixed set of columns of the items table, JSON paths
// of "data" and the multi-valued "tags.name"/"tags.score".
type fuzzResolver struct{ rel *relResolver }

func (r fuzzResolver) Resolve(field string) (*ResolverResult, error) {
	path, modifier, _ := strings.Cut(field, ":")
	switch {
	case path == "data" && (modifier == "each" || modifier == "length"):
		return r.rel.Resolve(field)
	case path == "title", path == "num", path == "flag", path == "note", path == "created",
		path == "tags.name", path == "tags.score", strings.HasPrefix(path, "data."):
		return r.rel.Resolve(field)
	}
	return nil, &BuildError{Msg: "unknown field"}
}

func (r fuzzResolver) UpdateQuery(q *dbx.SelectQuery) error { return r.rel.UpdateQuery(q) }

var (
	paramNameRe = regexp.MustCompile(`\{:_s[0-9a-z]+\}`)
	aliasRe     = regexp.MustCompile(`__m[tlrm][0-9a-z]+`)
)

func normalizeSQL(sql string) string {
	return aliasRe.ReplaceAllString(paramNameRe.ReplaceAllString(sql, "{:P}"), "__A")
}

// replaceLiterals returns a copy of the AST where every string literal is
// replaced by a neutral marker (empty strings stay empty, since emptiness
// legitimately selects a different SQL shape) and every number by 1.
func replaceLiterals(e Expr) Expr {
	switch n := e.(type) {
	case *Logical:
		cp := &Logical{And: n.And}
		for _, it := range n.Items {
			cp.Items = append(cp.Items, replaceLiterals(it))
		}
		return cp
	case *Comparison:
		return &Comparison{Left: replaceOperand(n.Left), Op: n.Op, Right: replaceOperand(n.Right), Pos: n.Pos}
	}
	return e
}

func replaceOperand(o Operand) Operand {
	switch v := o.(type) {
	case *StringLit:
		if v.Value == "" {
			return v
		}
		return &StringLit{Value: "zq", Raw: "zq", Quote: '"'}
	case *NumberLit:
		return &NumberLit{Raw: "1", IsInt: true, Int: 1, Float: 1}
	case *FuncCall:
		cp := &FuncCall{Name: v.Name}
		for _, a := range v.Args {
			cp.Args = append(cp.Args, replaceOperand(a))
		}
		return cp
	}
	return o
}

func collectLiterals(e Expr, out *[]string, placeholders map[string]bool) {
	var visit func(o Operand)
	visit = func(o Operand) {
		switch v := o.(type) {
		case *StringLit:
			*out = append(*out, v.Value)
		case *Placeholder:
			placeholders[v.Name] = true
		case *FuncCall:
			for _, a := range v.Args {
				visit(a)
			}
		}
	}
	switch n := e.(type) {
	case *Logical:
		for _, it := range n.Items {
			collectLiterals(it, out, placeholders)
		}
	case *Comparison:
		visit(n.Left)
		visit(n.Right)
	}
}

// FuzzBuild checks that building never panics, that the generated SQL runs
// on SQLite, and that no literal of the input reaches the SQL text: the SQL
// must be identical (up to generated names) when all literals are replaced.
func FuzzBuild(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "'; DROP TABLE items; --")
	}
	db := openTestDB(f)

	f.Fuzz(func(t *testing.T, src string, placeholderValue string) {
		e, err := Parse(src)
		if err != nil {
			return
		}
		var literals []string
		names := map[string]bool{}
		collectLiterals(e, &literals, names)
		params := dbx.Params{}
		for n := range names {
			params[n] = placeholderValue
		}

		r := fuzzResolver{rel: newRelResolver()}
		expr, err := BuildAST(e, r, params)
		if err != nil {
			if !IsUserError(err) {
				t.Fatalf("BuildAST(%q): %v is not a user error", src, err)
			}
			return
		}
		built := dbx.Params{}
		sql := expr.Build(db, built)

		// the same filter with neutral literals and placeholder values must
		// give the same SQL text
		neutral := dbx.Params{}
		for n := range names {
			neutral[n] = ""
			if placeholderValue != "" {
				neutral[n] = "zq"
			}
		}
		if placeholderValue != "" && len(names) > 0 {
			literals = append(literals, placeholderValue)
		}
		replaced, err := BuildAST(replaceLiterals(e), fuzzResolver{rel: newRelResolver()}, neutral)
		if err != nil {
			t.Fatalf("build of the neutral AST failed: %v", err)
		}
		sql2 := replaced.Build(db, dbx.Params{})
		norm, norm2 := normalizeSQL(sql), normalizeSQL(sql2)
		if norm != norm2 {
			t.Fatalf("SQL depends on literal values:\n%s\n%s", sql, sql2)
		}
		// generated names are normalised first: they may contain any short text
		for _, lit := range literals {
			if lit != "" && strings.Contains(norm, lit) && !strings.Contains(norm2, lit) {
				t.Fatalf("literal %q leaked into SQL: %s", lit, sql)
			}
		}

		// the SQL must be valid and must run
		q := db.Select("items.id").From("items").AndWhere(expr)
		if err := r.UpdateQuery(q); err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := q.Column(&got); err != nil {
			t.Fatalf("query for %q failed: %v\nSQL: %s", src, err, sql)
		}
	})
}
