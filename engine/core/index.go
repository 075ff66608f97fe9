package core

import (
	"regexp"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/list"
)

// Index is a parsed CREATE INDEX statement.
type Index struct {
	Unique     bool
	Optional   bool // IF NOT EXISTS
	SchemaName string
	IndexName  string
	TableName  string
	Columns    []IndexColumn
	Where      string
}

// IndexColumn is one indexed column or expression.
type IndexColumn struct {
	Name    string
	Collate string
	Sort    string
}

var indexRegex = regexp.MustCompile(`(?is)^\s*create\s+(unique\s+)?\s*index\s+(if\s+not\s+exists\s+)?(\S+)\s+on\s+(\S+)\s*\((.+?)\)\s*(where\s+(.+))?;?\s*$`)

// ParseIndex parses a CREATE INDEX statement; an invalid one gives an Index
// with an empty name (IsValid false).
func ParseIndex(createIndexSQL string) Index {
	m := indexRegex.FindStringSubmatch(strings.TrimSpace(createIndexSQL))
	if m == nil {
		return Index{}
	}
	idx := Index{Unique: m[1] != "", Optional: m[2] != ""}
	name := trimQuotes(m[3])
	if dot := strings.Index(name, "."); dot > 0 {
		idx.SchemaName, name = trimQuotes(name[:dot]), trimQuotes(name[dot+1:])
	}
	idx.IndexName = name
	idx.TableName = trimQuotes(m[4])
	for _, part := range list.SplitOutsideParens(m[5]) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		col := IndexColumn{}
		fields := strings.Fields(part)
		// Trailing ASC/DESC and COLLATE x are options; the rest is the column or expression.
		for len(fields) > 1 {
			last := strings.ToUpper(fields[len(fields)-1])
			if last == "ASC" || last == "DESC" {
				col.Sort = last
				fields = fields[:len(fields)-1]
				continue
			}
			if len(fields) > 2 && strings.ToUpper(fields[len(fields)-2]) == "COLLATE" {
				col.Collate = fields[len(fields)-1]
				fields = fields[:len(fields)-2]
				continue
			}
			break
		}
		col.Name = trimQuotes(strings.Join(fields, " "))
		idx.Columns = append(idx.Columns, col)
	}
	if m[7] != "" {
		idx.Where = strings.TrimSpace(m[7])
	}
	return idx
}

// IsValid reports whether the statement parsed with a name, table and columns.
func (idx Index) IsValid() bool {
	return idx.IndexName != "" && idx.TableName != "" && len(idx.Columns) > 0
}

// Build renders the index as SQL.
func (idx Index) Build() string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if idx.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	if idx.Optional {
		b.WriteString("IF NOT EXISTS ")
	}
	if idx.SchemaName != "" {
		b.WriteString("`" + idx.SchemaName + "`.")
	}
	b.WriteString("`" + idx.IndexName + "` ON `" + idx.TableName + "` (")
	for i, c := range idx.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if isSafeIdentifier(c.Name) {
			b.WriteString("`" + c.Name + "`")
		} else {
			b.WriteString(c.Name)
		}
		if c.Collate != "" {
			b.WriteString(" COLLATE " + c.Collate)
		}
		if c.Sort != "" {
			b.WriteString(" " + c.Sort)
		}
	}
	b.WriteString(")")
	if idx.Where != "" {
		b.WriteString(" WHERE " + idx.Where)
	}
	return b.String()
}

func trimQuotes(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 {
		first, last := s[0], s[len(s)-1]
		if (first == '`' && last == '`') || (first == '"' && last == '"') || (first == '\'' && last == '\'') || (first == '[' && last == ']') {
			return s[1 : len(s)-1]
		}
	}
	return s
}
