package apis

import (
	"encoding/json"
	"github.com/hookbase/hookbase/engine/tools/list"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/search"
)

// fieldsNode is one level of a parsed ?fields= tree: which keys to keep and,
// for leaves, an optional :excerpt modifier.
type fieldsNode struct {
	children map[string]*fieldsNode
	excerpt  *excerptModifier
}

type excerptModifier struct {
	max      int
	ellipsis bool
}

var excerptRegex = regexp.MustCompile(`^(.+):excerpt\(\s*(\d+)\s*(?:,\s*(true|false|1|0|t|f)\s*)?\)$`)

// parseFieldsParam parses "*,title,expand.author.name,body:excerpt(100,true)".
// Commas inside the modifier's parentheses do not split items.
func parseFieldsParam(raw string) *fieldsNode {
	root := &fieldsNode{children: map[string]*fieldsNode{}}
	items := list.SplitOutsideParens(raw)
	for _, item := range items {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		var mod *excerptModifier
		if m := excerptRegex.FindStringSubmatch(item); m != nil {
			n, _ := strconv.Atoi(m[2])
			ellipsis, _ := strconv.ParseBool(m[3])
			mod = &excerptModifier{max: n, ellipsis: ellipsis}
			item = m[1]
		}
		node := root
		for _, part := range strings.Split(item, ".") {
			next := node.children[part]
			if next == nil {
				next = &fieldsNode{children: map[string]*fieldsNode{}}
				node.children[part] = next
			}
			node = next
		}
		if mod != nil {
			node.excerpt = mod
		}
	}
	return root
}

// pickFields renders data as JSON and keeps only the requested keys; for a
// list result the picking applies to each item, as PocketBase does.
func pickFields(data any, raw string) (any, error) {
	tree := parseFieldsParam(raw)
	if len(tree.children) == 0 {
		return data, nil
	}
	if res, ok := data.(*search.Result); ok {
		items, err := toGeneric(res.Items)
		if err != nil {
			return nil, err
		}
		cp := *res
		cp.Items = tree.apply(items)
		return &cp, nil
	}
	generic, err := toGeneric(data)
	if err != nil {
		return nil, err
	}
	return tree.apply(generic), nil
}

func toGeneric(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(raw, &out)
	return out, err
}

func (n *fieldsNode) apply(v any) any {
	switch val := v.(type) {
	case []any:
		for i, item := range val {
			val[i] = n.apply(item)
		}
		return val
	case map[string]any:
		_, wildcard := n.children["*"]
		for k, item := range val {
			child, ok := n.children[k]
			if !ok {
				if !wildcard {
					delete(val, k)
				}
				continue
			}
			if len(child.children) > 0 {
				val[k] = child.apply(item)
			}
			if child.excerpt != nil {
				val[k] = child.excerpt.apply(val[k])
			}
		}
		return val
	}
	return v
}

var (
	htmlTagRegex    = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlDropRegex   = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
	whitespaceRegex = regexp.MustCompile(`\s+`)
)

// apply turns a string into a short plain text: tags stripped, whitespace
// collapsed, cut to max characters (plus "..." when asked and cut).
func (m *excerptModifier) apply(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	s = htmlDropRegex.ReplaceAllString(s, " ")
	s = htmlTagRegex.ReplaceAllString(s, " ")
	s = strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(s)
	s = strings.TrimSpace(whitespaceRegex.ReplaceAllString(s, " "))
	if utf8.RuneCountInString(s) <= m.max {
		return s
	}
	out := strings.TrimSpace(string([]rune(s)[:m.max]))
	if m.ellipsis {
		out += "..."
	}
	return out
}

// writeJSON answers data as JSON, honouring the ?fields= query param.
func writeJSON(e *core.RequestEvent, status int, data any) error {
	if strings.Contains(e.Request.URL.RawQuery, fieldsQueryParam+"=") {
		if raw := e.Request.URL.Query().Get(fieldsQueryParam); raw != "" {
			picked, err := pickFields(data, raw)
			if err != nil {
				return err
			}
			data = picked
		}
	}
	if handled, err := core.WriteRecordsJSON(e, status, data); handled {
		return err
	}
	return e.JSON(status, data)
}
