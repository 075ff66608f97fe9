package typesgen

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
)

// docIndex holds what reflection cannot see: doc comments and parameter
// names, read from the Go sources of the packages the declarations cover.
type docIndex struct {
	types   map[string]string   // "pkg.Type" → doc
	members map[string]string   // "pkg.Type.Member" → doc
	params  map[string][]string // "pkg.Type.Method" → parameter names
}

func newDocIndex() *docIndex {
	return &docIndex{types: map[string]string{}, members: map[string]string{}, params: map[string][]string{}}
}

// load parses the non-test Go files of pkgPaths (located with `go list`,
// which covers the standard library and module dependencies alike).
// Packages that cannot be found simply have no docs.
func (d *docIndex) load(pkgPaths []string) error {
	if len(pkgPaths) == 0 {
		return nil
	}
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \"\\t\"}}"}, pkgPaths...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) < 3 || parts[1] == "" {
			continue
		}
		pkg, dir := parts[0], parts[1]
		fset := token.NewFileSet()
		for _, name := range parts[2:] {
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
			if err != nil {
				continue
			}
			d.index(pkg, f)
		}
	}
	return sc.Err()
}

func (d *docIndex) index(pkg string, f *ast.File) {
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range decl.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					continue
				}
				key := pkg + "." + ts.Name.Name
				doc := ts.Doc
				if doc == nil && len(decl.Specs) == 1 {
					doc = decl.Doc
				}
				d.types[key] = doc.Text()
				switch t := ts.Type.(type) {
				case *ast.StructType:
					for _, field := range t.Fields.List {
						text := field.Doc.Text()
						if text == "" {
							text = field.Comment.Text()
						}
						for _, n := range field.Names {
							d.members[key+"."+n.Name] = text
						}
					}
				case *ast.InterfaceType:
					for _, m := range t.Methods.List {
						ft, ok := m.Type.(*ast.FuncType)
						if !ok || len(m.Names) == 0 {
							continue
						}
						mk := key + "." + m.Names[0].Name
						d.members[mk] = m.Doc.Text()
						d.params[mk] = paramNames(ft)
					}
				}
			}
		case *ast.FuncDecl:
			if decl.Recv == nil || len(decl.Recv.List) == 0 {
				continue
			}
			recv := receiverName(decl.Recv.List[0].Type)
			if recv == "" {
				continue
			}
			mk := pkg + "." + recv + "." + decl.Name.Name
			d.members[mk] = decl.Doc.Text()
			d.params[mk] = paramNames(decl.Type)
		}
	}
}

func receiverName(expr ast.Expr) string {
	switch t := expr.(type) {
	case *ast.StarExpr:
		return receiverName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return receiverName(t.X)
	case *ast.IndexListExpr:
		return receiverName(t.X)
	}
	return ""
}

// paramNames flattens a signature's parameter names ("" when unnamed).
func paramNames(ft *ast.FuncType) []string {
	var names []string
	for _, p := range ft.Params.List {
		if len(p.Names) == 0 {
			names = append(names, "")
			continue
		}
		for _, n := range p.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

// docComment renders Go doc text as a JSDoc block indented by indent.
func docComment(text, indent string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	text = strings.ReplaceAll(text, "*/", "*\\/")
	var b strings.Builder
	b.WriteString(indent + "/**\n")
	for _, line := range strings.Split(text, "\n") {
		b.WriteString(strings.TrimRight(indent+" * "+line, " ") + "\n")
	}
	b.WriteString(indent + " */\n")
	return b.String()
}
