package search

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pocketbase/dbx"
)

var (
	columnPartRegex = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	jsonPartRegex   = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	arrayIndexRegex = regexp.MustCompile(`^[0-9]+$`)
)

// SimpleFieldResolver resolves plain columns of a single table, for tables
// without relations (e.g. the logs API). A dotted path "data.auth.id" reads
// a JSON path from the column "data"; a numeric part is an array index. The
// ":lower" modifier lower-cases the value. It adds no joins.
type SimpleFieldResolver struct {
	exact    map[string]struct{}
	patterns []*regexp.Regexp
	dialect  Dialect
}

var (
	_ FieldResolver   = (*SimpleFieldResolver)(nil)
	_ DialectProvider = (*SimpleFieldResolver)(nil)
)

// NewSimpleFieldResolver allows the listed fields. An entry starting with "^"
// is a regular expression matched against the whole field path (e.g.
// `^data\.[\w.]+$`); any other entry is an exact field path. An empty list
// allows nothing.
func NewSimpleFieldResolver(allowedFields ...string) *SimpleFieldResolver {
	r := &SimpleFieldResolver{exact: map[string]struct{}{}, dialect: SQLite}
	for _, f := range allowedFields {
		if strings.HasPrefix(f, "^") {
			if re, err := regexp.Compile(f); err == nil {
				r.patterns = append(r.patterns, re)
				continue
			}
		}
		r.exact[f] = struct{}{}
	}
	return r
}

// WithDialect switches the SQL dialect (SQLite by default).
func (r *SimpleFieldResolver) WithDialect(d Dialect) *SimpleFieldResolver {
	r.dialect = d
	return r
}

// Dialect implements DialectProvider.
func (r *SimpleFieldResolver) Dialect() Dialect { return r.dialect }

// UpdateQuery implements FieldResolver; a single table needs no joins.
func (r *SimpleFieldResolver) UpdateQuery(*dbx.SelectQuery) error { return nil }

func (r *SimpleFieldResolver) allowed(field string) bool {
	if _, ok := r.exact[field]; ok {
		return true
	}
	for _, re := range r.patterns {
		if re.MatchString(field) {
			return true
		}
	}
	return false
}

// Resolve implements FieldResolver.
func (r *SimpleFieldResolver) Resolve(field string) (*ResolverResult, error) {
	path, modifier, _ := strings.Cut(field, ":")
	if modifier != "" && modifier != "lower" {
		return nil, fmt.Errorf("unsupported modifier %q", modifier)
	}
	if !r.allowed(path) {
		return nil, fmt.Errorf("unknown field %q", path)
	}

	parts := strings.Split(path, ".")
	if !columnPartRegex.MatchString(parts[0]) {
		return nil, fmt.Errorf("invalid field %q", path)
	}
	res := &ResolverResult{Identifier: "[[" + parts[0] + "]]"}

	if len(parts) > 1 {
		var jp strings.Builder
		jp.WriteString("$")
		for _, p := range parts[1:] {
			// parts are restricted to [A-Za-z0-9_] because the JSON path is
			// written into the SQL text
			if !jsonPartRegex.MatchString(p) {
				return nil, fmt.Errorf("invalid field %q", path)
			}
			if arrayIndexRegex.MatchString(p) {
				jp.WriteString("[" + p + "]")
			} else {
				jp.WriteString("." + p)
			}
		}
		res.Identifier = r.dialect.JSONExtract(res.Identifier, jp.String())
		res.NullFallback = NullFallbackDisabled
	}

	if modifier == "lower" {
		res.Identifier = r.dialect.Lower(res.Identifier)
	}
	return res, nil
}
