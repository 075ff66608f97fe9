package search

import (
	"strings"

	"github.com/pocketbase/dbx"
)

// logicalExpr joins conditions with AND/OR. Unlike dbx.And/dbx.Or, a part
// that renders to nothing counts as false instead of being dropped, so a
// broken sub-expression can never widen what a rule allows.
type logicalExpr struct {
	and   bool
	items []dbx.Expression
}

func (e *logicalExpr) Build(db *dbx.DB, params dbx.Params) string {
	if len(e.items) == 0 {
		return "0=1"
	}
	sep := ") OR ("
	if e.and {
		sep = ") AND ("
	}
	parts := make([]string, len(e.items))
	for i, it := range e.items {
		sql := ""
		if it != nil {
			sql = it.Build(db, params)
		}
		if strings.TrimSpace(sql) == "" {
			sql = "0=1"
		}
		parts[i] = sql
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ")"
	}
	return "((" + strings.Join(parts, sep) + "))"
}

// notExistsExpr is the "no item fails" guard of a plain comparison on
// multi-valued operands:
//
//	NOT EXISTS (SELECT 1 FROM (left) l [LEFT JOIN (right) r ON 1=1] WHERE violation)
type notExistsExpr struct {
	left       *MultiMatchSubquery
	leftAlias  string
	right      *MultiMatchSubquery
	rightAlias string
	violation  dbx.Expression
}

func (e *notExistsExpr) Build(db *dbx.DB, params dbx.Params) string {
	var b strings.Builder
	b.WriteString("NOT EXISTS (SELECT 1 FROM (")
	b.WriteString(e.left.Build(db, params))
	b.WriteString(") {{")
	b.WriteString(e.leftAlias)
	b.WriteString("}}")
	if e.right != nil {
		b.WriteString(" LEFT JOIN (")
		b.WriteString(e.right.Build(db, params))
		b.WriteString(") {{")
		b.WriteString(e.rightAlias)
		b.WriteString("}} ON 1=1")
	}
	if w := e.violation.Build(db, params); w != "" {
		b.WriteString(" WHERE ")
		b.WriteString(w)
	}
	b.WriteString(")")
	return b.String()
}
