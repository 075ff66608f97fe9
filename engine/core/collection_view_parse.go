package core

import (
	"regexp"
	"strings"
)

// A view's fields are inferred from its SELECT as PocketBase does: the
// query is split into its result columns and its source tables (FROM and
// JOINs, with aliases), and each column is typed by what it selects, not
// by its name. This file is the parsing half; collection_view.go turns
// the result into fields.

// viewIdent is one item of a select or table list: the expression as
// written (quotes stripped) and the name it is known by.
type viewIdent struct {
	original string
	alias    string
}

// viewQueryParts are the result columns and the source tables of a SELECT
// (the first table is the main one: a bare column belongs to it).
type viewQueryParts struct {
	columns []viewIdent
	tables  []viewIdent
}

var viewCommentsRegex = regexp.MustCompile(`(?s)/\*.*?\*/|--[^\n]*`)

// joinWords are the words a JOIN clause may start with; the clause ends
// the previous table and its ON/USING condition is skipped.
var joinWords = map[string]bool{
	"join": true, "left": true, "right": true, "full": true, "inner": true,
	"outer": true, "cross": true, "natural": true,
}

// parseViewQuery splits query into its columns and tables. Parenthesised
// parts (sub-queries, function arguments, CTE bodies) and quoted parts are
// single tokens, so only the outermost SELECT is read.
func parseViewQuery(query string) viewQueryParts {
	tokens := viewTokens(viewCommentsRegex.ReplaceAllString(query, " "))

	var (
		section string // "select", "from", "join" or "" (ignored)
		skip    bool   // inside ON/USING or a trailing clause
		inOn    bool   // skip is for a join condition (a "," ends it)
		cols    [][]string
		tables  [][]string
	)
	appendTo := func(list *[][]string, tok string) {
		if tok == "," {
			*list = append(*list, nil)
			return
		}
		if len(*list) == 0 {
			*list = append(*list, nil)
		}
		(*list)[len(*list)-1] = append((*list)[len(*list)-1], tok)
	}
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		word := strings.ToLower(tok)
		switch {
		case word == "select":
			if section != "" && cols != nil {
				// a compound SELECT (UNION…): SQLite names the columns
				// after the first one
				i = len(tokens)
				continue
			}
			section, skip = "select", false
		case section == "select" && (word == "distinct" || word == "all") && len(cols) == 0:
			// a modifier, not a column
		case word == "from":
			section, skip = "from", false
		case (section == "from" || section == "join") && joinWords[word]:
			// "LEFT OUTER JOIN" and the like: start a new table on JOIN
			if word == "join" {
				section, skip, inOn = "join", false, false
				tables = append(tables, nil)
			}
		case section == "join" && (word == "on" || word == "using"):
			skip, inOn = true, true
		case inOn && tok == ",":
			// "… JOIN b ON cond, c": a comma join after the condition
			skip, inOn = false, false
			tables = append(tables, nil)
		case word == "where" || word == "group" || word == "having" || word == "order" ||
			word == "limit" || word == "window" || word == "union" || word == "except" || word == "intersect":
			skip, inOn = true, false
			if section == "select" {
				section = ""
			}
		case skip || section == "":
		case section == "select":
			appendTo(&cols, tok)
		default:
			appendTo(&tables, tok)
		}
	}

	var out viewQueryParts
	for _, parts := range cols {
		if id, ok := viewIdentFromParts(parts); ok {
			out.columns = append(out.columns, id)
		}
	}
	for _, parts := range tables {
		if id, ok := viewIdentFromParts(parts); ok {
			out.tables = append(out.tables, id)
		}
	}
	return out
}

// viewIdentFromParts reads "expr", "expr alias" and "expr AS alias"; a
// longer expression (a + b AS c) keeps its alias and is typed as JSON.
func viewIdentFromParts(parts []string) (viewIdent, bool) {
	var id viewIdent
	switch n := len(parts); {
	case n == 0:
		return id, false
	case n == 1:
		id.original = parts[0]
		segments := strings.Split(parts[0], ".")
		id.alias = segments[len(segments)-1]
	case n >= 3 && strings.EqualFold(parts[n-2], "as"):
		id.original = strings.Join(parts[:n-2], " ")
		id.alias = parts[n-1]
	default:
		id.original = strings.Join(parts[:n-1], " ")
		id.alias = parts[n-1]
	}
	id.original = trimViewIdent(id.original, "`\"[]")
	id.alias = trimViewIdent(id.alias, "`\"[]'")
	return id, true
}

// trimViewIdent unquotes each dot-separated segment of an identifier.
func trimViewIdent(s, quotes string) string {
	if strings.Contains(s, "(") {
		return s // an expression: leave it as written
	}
	segments := strings.Split(s, ".")
	for i := range segments {
		segments[i] = strings.Trim(segments[i], quotes)
	}
	return strings.Join(segments, ".")
}

// viewTokens splits s into words and "," at the top level; text inside
// parentheses or quotes stays in the token it belongs to.
func viewTokens(s string) []string {
	var (
		out   []string
		cur   strings.Builder
		depth int
		quote rune
	)
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case quote != 0:
			cur.WriteRune(r)
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"' || r == '`':
			quote = r
			cur.WriteRune(r)
		case r == '[' && depth == 0:
			quote = ']'
			cur.WriteRune(r)
		case r == '(':
			depth++
			cur.WriteRune(r)
		case r == ')':
			if depth > 0 {
				depth--
			}
			cur.WriteRune(r)
		case depth > 0:
			cur.WriteRune(r)
		case r == ',':
			flush()
			out = append(out, ",")
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}
