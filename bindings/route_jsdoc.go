package bindings

import (
	"os"
	"path/filepath"
	"strings"
)

// routeJSDoc reads the JSDoc block right above line (1-based) of a
// script and turns it into route metadata: the first paragraph is the
// summary, the rest the description; `@tag name` adds a tag and
// `@query name text` a query parameter. nil when there is no block.
func routeJSDoc(lines []string, line int) map[string]any {
	end := line - 2 // the line above the call, 0-based
	for end >= 0 && strings.TrimSpace(lines[end]) == "" {
		end--
	}
	if end < 0 || !strings.HasSuffix(strings.TrimSpace(lines[end]), "*/") {
		return nil
	}
	start := end
	for start >= 0 && !strings.HasPrefix(strings.TrimSpace(lines[start]), "/**") {
		start--
	}
	if start < 0 {
		return nil
	}
	var text []string
	var tags []any
	query := map[string]any{}
	for _, l := range lines[start : end+1] {
		l = strings.TrimSpace(l)
		l = strings.TrimPrefix(l, "/**")
		l = strings.TrimSuffix(l, "*/")
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "*"))
		switch {
		case strings.HasPrefix(l, "@tag "):
			tags = append(tags, strings.TrimSpace(l[len("@tag "):]))
		case strings.HasPrefix(l, "@query "):
			name, desc, _ := strings.Cut(strings.TrimSpace(l[len("@query "):]), " ")
			query[name] = strings.TrimSpace(desc)
		case strings.HasPrefix(l, "@"):
			// other JSDoc tags (@param e, @returns…) say nothing about HTTP
		default:
			text = append(text, l)
		}
	}
	summary, description, _ := strings.Cut(strings.TrimSpace(strings.Join(text, "\n")), "\n\n")
	doc := map[string]any{}
	if summary != "" {
		doc["summary"] = strings.ReplaceAll(summary, "\n", " ")
	}
	if d := strings.TrimSpace(description); d != "" {
		doc["description"] = d
	}
	if len(tags) > 0 {
		doc["tags"] = tags
	}
	if len(query) > 0 {
		doc["query"] = query
	}
	if len(doc) == 0 {
		return nil
	}
	return doc
}

// scriptLines caches the lines of the scripts whose routes are documented.
type scriptLines struct {
	dir   string
	files map[string][]string
}

func (s *scriptLines) jsdoc(file string, line int) map[string]any {
	if file == "" || line <= 0 || !strings.HasSuffix(file, ".js") {
		return nil // .pb.ts lines are the transpiled output's
	}
	lines, ok := s.files[file]
	if !ok {
		path := file
		if !filepath.IsAbs(path) {
			path = filepath.Join(s.dir, filepath.FromSlash(file))
		}
		raw, err := os.ReadFile(path)
		if err == nil {
			lines = strings.Split(string(raw), "\n")
		}
		s.files[file] = lines
	}
	if line > len(lines) {
		return nil
	}
	return routeJSDoc(lines, line)
}
