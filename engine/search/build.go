package search

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
)

// FilterData is a filter expression in PocketBase's grammar, e.g.
//
//	status = "active" && (total >= {:min} || author.name ~ 'john')
type FilterData string

// BuildExpr parses (with caching) and builds the filter into a WHERE
// expression. params fill the {:name} placeholders of the filter; later maps
// win on duplicate keys. The resolver's UpdateQuery must still be applied to
// the query that uses the expression.
func (f FilterData) BuildExpr(r FieldResolver, params ...dbx.Params) (dbx.Expression, error) {
	return f.BuildExprWithLimit(r, 0, params...)
}

// BuildExprWithLimit is BuildExpr refusing filters with more than maxExprs
// comparisons (ErrFilterExprLimit); maxExprs <= 0 means no limit.
func (f FilterData) BuildExprWithLimit(r FieldResolver, maxExprs int, params ...dbx.Params) (dbx.Expression, error) {
	ast, err := ParseCached(string(f))
	if err != nil {
		return nil, err
	}
	if maxExprs > 0 && CountComparisons(ast) > maxExprs {
		return nil, ErrFilterExprLimit
	}
	return BuildAST(ast, r, params...)
}

// BuildAST builds an already parsed expression (see Parse).
func BuildAST(e Expr, r FieldResolver, params ...dbx.Params) (dbx.Expression, error) {
	if e == nil {
		return nil, ErrEmptyFilter
	}
	if r == nil {
		return nil, buildErrorf(nil, "no field resolver")
	}
	b := &builder{resolver: r, dialect: dialectOf(r)}
	if len(params) == 1 {
		b.placeholders = params[0]
	} else if len(params) > 1 {
		b.placeholders = mergeParams(params...)
	}
	return b.expr(e)
}

type builder struct {
	resolver     FieldResolver
	dialect      Dialect
	placeholders dbx.Params
}

func (b *builder) expr(e Expr) (dbx.Expression, error) {
	switch n := e.(type) {
	case *Comparison:
		return b.comparison(n)
	case *Logical:
		out := &logicalExpr{and: n.And, items: make([]dbx.Expression, 0, len(n.Items))}
		for _, it := range n.Items {
			x, err := b.expr(it)
			if err != nil {
				return nil, err
			}
			out.items = append(out.items, x)
		}
		return out, nil
	}
	return nil, buildErrorf(nil, "unsupported expression %T", e)
}

func (b *builder) comparison(c *Comparison) (dbx.Expression, error) {
	left, err := b.operand(c.Left)
	if err != nil {
		return nil, err
	}
	right, err := b.operand(c.Right)
	if err != nil {
		return nil, err
	}
	expr, err := b.compare(left, c.Op, right)
	if err != nil {
		return nil, err
	}
	if left.AfterBuild != nil {
		expr = left.AfterBuild(expr)
	}
	if right.AfterBuild != nil {
		expr = right.AfterBuild(expr)
	}
	return expr, nil
}

// operand turns one AST value into SQL. Literals always become bound params.
func (b *builder) operand(o Operand) (*ResolverResult, error) {
	switch v := o.(type) {
	case *Identifier:
		res, err := b.resolver.Resolve(v.Name)
		if err != nil {
			return nil, buildErrorf(err, "invalid field %q", v.Name)
		}
		if res == nil || strings.TrimSpace(res.Identifier) == "" {
			return nil, buildErrorf(nil, "invalid field %q", v.Name)
		}
		return res, nil
	case *StringLit:
		return bindValue(v.Value), nil
	case *NumberLit:
		if v.IsInt {
			return bindValue(v.Int), nil
		}
		return bindValue(v.Float), nil
	case *NullLit:
		return &ResolverResult{Identifier: "NULL"}, nil
	case *BoolLit:
		return bindValue(v.Value), nil
	case *MacroLit:
		val, ok := macroValue(v.Name)
		if !ok {
			return nil, buildErrorf(nil, "unknown macro %q", v.Name)
		}
		return bindValue(val), nil
	case *Placeholder:
		val, ok := b.placeholders[v.Name]
		if !ok {
			return nil, buildErrorf(nil, "missing value for placeholder {:%s}", v.Name)
		}
		return bindPlaceholder(val)
	case *FuncCall:
		fn, ok := filterFunctions[v.Name]
		if !ok {
			return nil, buildErrorf(nil, "unknown function %q", v.Name)
		}
		return fn(b, v.Args)
	}
	return nil, buildErrorf(nil, "unsupported operand %T", o)
}

func bindValue(v any) *ResolverResult {
	name := NewParamName()
	return &ResolverResult{Identifier: "{:" + name + "}", Params: dbx.Params{name: v}}
}

// bindPlaceholder normalises a Go value given for a {:name} placeholder:
// nil is NULL, scalars are bound as they are, anything else is bound as its
// JSON text.
func bindPlaceholder(v any) (*ResolverResult, error) {
	switch x := v.(type) {
	case nil:
		return &ResolverResult{Identifier: "NULL"}, nil
	case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return bindValue(x), nil
	case []byte:
		return bindValue(string(x)), nil
	case fmt.Stringer:
		return bindValue(x.String()), nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, buildErrorf(err, "unsupported placeholder value %T", v)
	}
	return bindValue(string(raw)), nil
}

// compare builds `left op right` including the multi-match constraints.
func (b *builder) compare(left *ResolverResult, op Op, right *ResolverResult) (dbx.Expression, error) {
	expr, err := b.compareBase(left, op.Base(), right)
	if err != nil || op.IsAny() {
		return expr, err
	}

	// plain operators on multi-valued operands: the joined row matched, and
	// no item may fail the condition (an empty set has none that fails)
	switch {
	case left.MultiMatchSubQuery != nil && right.MultiMatchSubQuery != nil:
		la, ra := NewAlias("__ml"), NewAlias("__mr")
		li, ri := multiItem(la, left), multiItem(ra, right)
		cond, err := b.compareBase(li, op.Base(), ri)
		if err != nil {
			return nil, err
		}
		guard := &notExistsExpr{
			left: left.MultiMatchSubQuery, leftAlias: la,
			right: right.MultiMatchSubQuery, rightAlias: ra,
			violation: violation(cond),
		}
		return dbx.Enclose(dbx.And(expr, guard)), nil
	case left.MultiMatchSubQuery != nil:
		la := NewAlias("__mm")
		li := multiItem(la, left)
		cond, err := b.compareBase(li, op.Base(), plain(right))
		if err != nil {
			return nil, err
		}
		guard := &notExistsExpr{left: left.MultiMatchSubQuery, leftAlias: la, violation: violation(cond)}
		return dbx.Enclose(dbx.And(expr, guard)), nil
	case right.MultiMatchSubQuery != nil:
		ra := NewAlias("__mm")
		ri := multiItem(ra, right)
		cond, err := b.compareBase(plain(left), op.Base(), ri)
		if err != nil {
			return nil, err
		}
		guard := &notExistsExpr{left: right.MultiMatchSubQuery, leftAlias: ra, violation: violation(cond)}
		return dbx.Enclose(dbx.And(expr, guard)), nil
	}
	return expr, nil
}

func multiItem(alias string, of *ResolverResult) *ResolverResult {
	return &ResolverResult{Identifier: "[[" + alias + ".multiMatchValue]]", NullFallback: of.NullFallback}
}

// plain drops the multi-match and AfterBuild parts of an operand.
func plain(r *ResolverResult) *ResolverResult {
	return &ResolverResult{Identifier: r.Identifier, Params: r.Params, NullFallback: r.NullFallback}
}

// violation is the condition an item must meet to make a plain comparison
// fail: it does not match. A NULL item — the one row an empty set yields
// through the LEFT JOIN, or a dangling reference — is compared like the
// empty string, as PocketBase does, so "every element" holds vacuously on
// an empty set (`tags:each != 'a'` includes records without tags).
func violation(cond dbx.Expression) dbx.Expression {
	return dbx.Not(cond)
}

func (b *builder) compareBase(left *ResolverResult, op Op, right *ResolverResult) (dbx.Expression, error) {
	d := b.dialect
	switch op {
	case OpEq, OpNeq:
		return b.equal(left, op == OpEq, right), nil
	case OpLike, OpNotLike:
		if len(right.Params) == 0 {
			// a column or NULL pattern: match it as a substring
			pattern := d.Concat("'%'", right.Identifier, "'%'")
			return dbx.NewExp(d.Like(left.Identifier, pattern, op == OpNotLike), left.Params), nil
		}
		return dbx.NewExp(
			d.Like(left.Identifier, right.Identifier, op == OpNotLike),
			mergeParams(left.Params, likeParams(right.Params)),
		), nil
	case OpLt, OpLte, OpGt, OpGte:
		return dbx.NewExp(left.Identifier+" "+string(op)+" "+right.Identifier, mergeParams(left.Params, right.Params)), nil
	}
	return nil, buildErrorf(nil, "unknown operator %q", op)
}

// equal builds a NULL-tolerant = / != where NULL and the empty string are equal
// (PocketBase semantics), avoiding COALESCE when one side is known so that
// indexes stay usable.
func (b *builder) equal(left *ResolverResult, eq bool, right *ResolverResult) dbx.Expression {
	d := b.dialect
	params := mergeParams(left.Params, right.Params)

	if left.NullFallback == NullFallbackDisabled || right.NullFallback == NullFallbackDisabled {
		return dbx.NewExp(d.NullSafeEq(left.Identifier, right.Identifier, eq), params)
	}

	lEmpty, rEmpty := isEmptyOperand(left), isEmptyOperand(right)
	if lEmpty && rEmpty {
		if eq {
			return dbx.NewExp("1=1")
		}
		return dbx.NewExp("1=0")
	}

	if knownNonEmpty(left) || knownNonEmpty(right) {
		l, r := left.Identifier, right.Identifier
		if lEmpty {
			l = "''"
		}
		if rEmpty {
			r = "''"
		}
		if eq {
			return dbx.NewExp(l+" = "+r, params)
		}
		return dbx.NewExp(d.NullSafeEq(l, r, false), params)
	}

	// exactly one side may be empty: test the other for '' or NULL
	if lEmpty || rEmpty {
		col := left.Identifier
		if lEmpty {
			col = right.Identifier
		}
		if eq {
			return dbx.NewExp("("+col+" = '' OR "+col+" IS NULL)", params)
		}
		return dbx.NewExp("("+col+" != '' AND "+col+" IS NOT NULL)", params)
	}

	l := "COALESCE(" + left.Identifier + ", '')"
	r := "COALESCE(" + right.Identifier + ", '')"
	if eq {
		return dbx.NewExp(l+" = "+r, params)
	}
	return dbx.NewExp(l+" != "+r, params)
}

func isEmptyOperand(r *ResolverResult) bool {
	switch strings.ToLower(strings.TrimSpace(r.Identifier)) {
	case "null", "''":
		return true
	}
	if r.NullFallback == NullFallbackAuto && len(r.Params) == 1 {
		for _, v := range r.Params {
			return v == nil || v == ""
		}
	}
	return false
}

func knownNonEmpty(r *ResolverResult) bool {
	if r.NullFallback == NullFallbackEnforced || len(r.Params) == 0 || isEmptyOperand(r) {
		return false
	}
	for _, v := range r.Params {
		if v == nil || v == "" {
			return false
		}
	}
	return true
}

// likeParams turns bound values into LIKE patterns: a value without a
// wildcard % of its own is escaped and wrapped as %value% (contains); a
// value with one is used as the pattern the client wrote.
func likeParams(params dbx.Params) dbx.Params {
	out := make(dbx.Params, len(params))
	for k, v := range params {
		var s string
		switch x := v.(type) {
		case nil:
			s = ""
		case string:
			s = x
		case int64:
			s = strconv.FormatInt(x, 10)
		case float64:
			s = strconv.FormatFloat(x, 'f', -1, 64)
		default:
			s = fmt.Sprint(x)
		}
		if !hasUnescapedPercent(s) {
			s = "%" + escapeLike(s) + "%"
		}
		out[k] = s
	}
	return out
}

func hasUnescapedPercent(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // skip the escaped byte
		case '%':
			return true
		}
	}
	return false
}

// escapeLike escapes the LIKE metacharacters \ % _ unless the client already
// escaped them.
func escapeLike(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && (s[i+1] == '%' || s[i+1] == '_' || s[i+1] == '\\') {
			b.WriteByte(c)
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if c == '%' || c == '_' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}
