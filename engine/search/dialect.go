package search

import "strings"

// Dialect isolates the SQL that differs between database engines. All
// arguments are SQL fragments (quoted identifiers or placeholders), never
// raw user values. SQLite is the only implementation for now; a PostgreSQL
// one is expected to follow.
type Dialect interface {
	// Name identifies the dialect ("sqlite").
	Name() string

	// NullSafeEq compares two values treating NULL as a value:
	// `a IS b` (equal) or `a IS NOT b`.
	NullSafeEq(left, right string, equal bool) string

	// Like is a case-insensitive pattern match with '\' as escape character
	// (negated when not is true).
	Like(left, pattern string, not bool) string

	// Concat joins string expressions.
	Concat(parts ...string) string

	// Lower lower-cases a string expression.
	Lower(expr string) string

	// JSONExtract reads a JSON path ("$.a.b[0]") from a JSON expression. The
	// path is built by the caller from validated identifier parts.
	JSONExtract(expr, path string) string

	// JSONEach is a table-valued source yielding one row per item of a JSON
	// array expression (a non-array value yields itself as a single item,
	// NULL and '' yield no rows); JSONEachValue is an item's value column.
	JSONEach(expr string) string
	JSONEachValue(alias string) string

	// JSONArrayLength counts the items of a JSON array expression (a scalar
	// counts as 1, NULL and '' as 0).
	JSONArrayLength(expr string) string

	// Strftime formats a time value like SQLite's strftime.
	Strftime(args StrftimeArgs) string

	// GeoDistance is the haversine distance in kilometres between
	// (lonA, latA) and (lonB, latB) in degrees.
	GeoDistance(lonA, latA, lonB, latB string) string

	// Random is an expression ordering rows randomly.
	Random() string

	// RowID is the quoted implicit row-id column (for "@rowid" sorting);
	// table is the quoted-able table name or empty.
	RowID(table string) string
}

// StrftimeArgs are the arguments of the strftime() filter function. The SQL
// fields are placeholders/expressions; FormatLiteral is the format string as
// written (a dialect without strftime translates it).
type StrftimeArgs struct {
	FormatSQL     string
	FormatLiteral string
	// TimeValue is empty when the call has no time argument ("now").
	TimeValue string
	Modifiers []string
}

// SQLite is the SQLite dialect.
var SQLite Dialect = sqliteDialect{}

type sqliteDialect struct{}

func (sqliteDialect) Name() string { return "sqlite" }

func (sqliteDialect) NullSafeEq(left, right string, equal bool) string {
	if equal {
		return left + " IS " + right
	}
	return left + " IS NOT " + right
}

// SQLite's LIKE is case-insensitive for ASCII by default.
func (sqliteDialect) Like(left, pattern string, not bool) string {
	if not {
		return left + " NOT LIKE " + pattern + ` ESCAPE '\'`
	}
	return left + " LIKE " + pattern + ` ESCAPE '\'`
}

func (sqliteDialect) Concat(parts ...string) string {
	return "(" + strings.Join(parts, " || ") + ")"
}

func (sqliteDialect) Lower(expr string) string { return "LOWER(" + expr + ")" }

func (sqliteDialect) JSONExtract(expr, path string) string {
	return "JSON_EXTRACT(" + expr + ", '" + path + "')"
}

func (sqliteDialect) JSONEach(expr string) string {
	// non-array JSON (object, scalar) and plain text (e.g. a single relation
	// id) become a one-item array; CASE evaluates lazily, so json_type never
	// sees invalid JSON
	return "json_each(CASE WHEN json_valid(" + expr + ") THEN (CASE WHEN json_type(" + expr + ") = 'array' THEN " + expr +
		" ELSE json_array(json(" + expr + ")) END) WHEN " + expr + " IS NULL OR " + expr + " = '' THEN json_array() ELSE json_array(" + expr + ") END)"
}

func (sqliteDialect) JSONEachValue(alias string) string { return "[[" + alias + ".value]]" }

func (sqliteDialect) JSONArrayLength(expr string) string {
	return "(CASE WHEN json_valid(" + expr + ") THEN (CASE json_type(" + expr + ") WHEN 'array' THEN json_array_length(" + expr +
		") WHEN 'null' THEN 0 ELSE 1 END) WHEN " + expr + " IS NULL OR " + expr + " = '' THEN 0 ELSE 1 END)"
}

func (sqliteDialect) Strftime(a StrftimeArgs) string {
	args := []string{a.FormatSQL}
	if a.TimeValue != "" {
		args = append(args, a.TimeValue)
		args = append(args, a.Modifiers...)
	}
	return "strftime(" + strings.Join(args, ", ") + ")"
}

// The acos argument is clamped to [-1, 1] so rounding for identical points
// does not turn the distance into NULL.
func (sqliteDialect) GeoDistance(lonA, latA, lonB, latB string) string {
	return "(6371 * acos(min(1, max(-1, " +
		"cos(radians(" + latA + ")) * cos(radians(" + latB + ")) * " +
		"cos(radians(" + lonB + ") - radians(" + lonA + ")) + " +
		"sin(radians(" + latA + ")) * sin(radians(" + latB + "))" +
		"))))"
}

func (sqliteDialect) Random() string { return "RANDOM()" }

func (sqliteDialect) RowID(table string) string {
	if table == "" {
		return "[[_rowid_]]"
	}
	return "[[" + table + "._rowid_]]"
}

func dialectOf(r FieldResolver) Dialect {
	if dp, ok := r.(DialectProvider); ok {
		if d := dp.Dialect(); d != nil {
			return d
		}
	}
	return SQLite
}
