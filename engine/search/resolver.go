package search

import (
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/pocketbase/dbx"
)

// FieldResolver maps the identifiers of a filter or sort expression to SQL.
//
// The builder calls Resolve once per identifier occurrence (macros, literals
// and placeholders never reach it). A resolver is usually created per query,
// collects the joins its resolved paths need, and adds them in UpdateQuery,
// which the Provider calls after building filters and sorts and before
// running the query. Callers that build an expression by hand
// (FilterData.BuildExpr) must call UpdateQuery themselves.
//
// A resolver may also implement DialectProvider to choose the SQL dialect;
// otherwise SQLite is assumed.
type FieldResolver interface {
	// Resolve maps an identifier such as "title", "author.name",
	// "@request.auth.id", "tags:length" or "@collection.posts:p.title" to
	// SQL. An unknown or forbidden identifier must return an error (it
	// becomes a 400 for the client).
	Resolve(field string) (*ResolverResult, error)

	// UpdateQuery adds to query what the resolved identifiers need
	// (typically LEFT JOINs, and Distinct(true) when a join can multiply rows).
	UpdateQuery(query *dbx.SelectQuery) error
}

// DialectProvider is optionally implemented by a FieldResolver to pick the
// SQL dialect used when building expressions with it.
type DialectProvider interface {
	Dialect() Dialect
}

// NullFallback controls how `=` and `!=` treat NULL for a resolved operand.
type NullFallback int

const (
	// NullFallbackAuto treats NULL and "" as equal (the PocketBase default
	// for text-like columns): `a = ""` matches NULL and ''. An operand known
	// to be non-empty (a bound non-empty value) is compared directly.
	NullFallbackAuto NullFallback = iota
	// NullFallbackDisabled compares with the null-safe IS / IS NOT and never
	// wraps in COALESCE (JSON values, function results where NULL is a value).
	NullFallbackDisabled
	// NullFallbackEnforced always applies the NULL/'' normalisation, even
	// when the other operand looks non-empty (e.g. expressions whose bound
	// params do not describe their result, such as strftime).
	NullFallbackEnforced
)

// ResolverResult is the SQL for one resolved identifier.
type ResolverResult struct {
	// Identifier is the SQL expression: a quoted column ("[[posts.title]]"),
	// a placeholder ("{:p1}"), a function call, "NULL"...
	Identifier string

	// Params holds the values of every placeholder used in Identifier. Names
	// must be unique across the whole query: use NewParamName.
	Params dbx.Params

	// NullFallback selects the NULL handling of = and != (default Auto).
	NullFallback NullFallback

	// MultiMatchSubQuery is set when the identifier stands for many values
	// per row (a multi relation path, a JSON array with :each...). The
	// Identifier is then the value of the row joined by UpdateQuery (so `?`
	// operators match when any item matches), while plain operators also
	// require that no item of the sub-select fails the condition; rows
	// without items are excluded by the joined value being NULL.
	MultiMatchSubQuery *MultiMatchSubquery

	// AfterBuild, if set, receives the built comparison and may wrap it
	// (e.g. to add an extra condition).
	AfterBuild func(expr dbx.Expression) dbx.Expression
}

// Join is one JOIN of a MultiMatchSubquery.
type Join struct {
	// Kind is the join keyword; empty means "LEFT JOIN".
	Kind string
	// Table is the SQL of the joined source: a quoted table ("{{tags}}") or a
	// table-valued function (Dialect.JSONEach(...)).
	Table string
	// Alias is the (unquoted) alias of the joined source.
	Alias string
	// On is the join condition; nil for none.
	On dbx.Expression
}

// MultiMatchSubquery describes a correlated sub-select producing the items of
// a multi-valued operand for the current outer row:
//
//	SELECT <Value> AS [[multiMatchValue]] FROM <From> <Joins...> WHERE <Where>
type MultiMatchSubquery struct {
	// From is the SQL of the FROM source with its alias, e.g. "{{posts}} {{__mm1}}".
	From string
	// Joins are added after From in order.
	Joins []Join
	// Value is the SQL of one item, e.g. "[[__mm2.title]]".
	Value string
	// Where correlates the sub-select with the outer row, e.g.
	// "[[__mm1.id]] = [[posts.id]]".
	Where dbx.Expression
	// Params are bound values used by From, Joins, Value or Where.
	Params dbx.Params
}

var _ dbx.Expression = (*MultiMatchSubquery)(nil)

// Build renders the sub-select. Implements dbx.Expression.
func (m *MultiMatchSubquery) Build(db *dbx.DB, params dbx.Params) string {
	if m == nil || m.From == "" || m.Value == "" {
		return "SELECT NULL AS [[multiMatchValue]] WHERE 0=1"
	}
	for k, v := range m.Params {
		params[k] = v
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(m.Value)
	b.WriteString(" AS [[multiMatchValue]] FROM ")
	b.WriteString(m.From)
	for _, j := range m.Joins {
		kind := j.Kind
		if kind == "" {
			kind = "LEFT JOIN"
		}
		b.WriteString(" ")
		b.WriteString(kind)
		b.WriteString(" ")
		b.WriteString(j.Table)
		if j.Alias != "" {
			b.WriteString(" {{")
			b.WriteString(j.Alias)
			b.WriteString("}}")
		}
		if j.On != nil {
			if on := j.On.Build(db, params); on != "" {
				b.WriteString(" ON ")
				b.WriteString(on)
			}
		}
	}
	if m.Where != nil {
		if w := m.Where.Build(db, params); w != "" {
			b.WriteString(" WHERE ")
			b.WriteString(w)
		}
	}
	return b.String()
}

// withValue returns a copy whose item value is replaced (used by functions
// such as strftime that transform each item).
func (m *MultiMatchSubquery) withValue(value string, extra dbx.Params) *MultiMatchSubquery {
	cp := *m
	cp.Value = value
	cp.Params = mergeParams(m.Params, extra)
	return &cp
}

var uniqueCounter atomic.Uint64

// NewParamName returns a placeholder name that is unique in this process, so
// that params of separately built expressions never collide in one query.
func NewParamName() string {
	return "_s" + strconv.FormatUint(uniqueCounter.Add(1), 36)
}

// NewAlias returns a table alias that is unique in this process.
func NewAlias(prefix string) string {
	return prefix + strconv.FormatUint(uniqueCounter.Add(1), 36)
}

// mergeParams combines param maps. Maps are only read after building, so a
// single non-empty input is returned as is instead of being copied.
func mergeParams(list ...dbx.Params) dbx.Params {
	n, nonEmpty := 0, 0
	var last dbx.Params
	for _, p := range list {
		if len(p) > 0 {
			n += len(p)
			nonEmpty++
			last = p
		}
	}
	switch nonEmpty {
	case 0:
		return nil
	case 1:
		return last
	}
	out := make(dbx.Params, n)
	for _, p := range list {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}
