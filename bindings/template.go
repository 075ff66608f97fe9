package bindings

import (
	"bytes"
	"html/template"

	"github.com/hookbase/hookbase/jsvm"
)

// templateRenderer is what $template.loadFiles/loadString return.
type templateRenderer struct {
	tpl *template.Template
	err error
}

// Render executes the first loaded template with data.
func (r *templateRenderer) Render(data any) (string, error) {
	if r.err != nil {
		return "", r.err
	}
	var buf bytes.Buffer
	if err := r.tpl.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// installTemplate defines $template (Go html/template).
func (b *Bindings) installTemplate(rt *jsvm.Runtime) error {
	return rt.VM.Set("$template", map[string]any{
		"loadFiles": func(files ...string) *templateRenderer {
			tpl, err := template.ParseFiles(files...)
			return &templateRenderer{tpl: tpl, err: err}
		},
		"loadString": func(texts ...string) *templateRenderer {
			tpl := template.New("")
			var err error
			for _, t := range texts {
				if tpl, err = tpl.Parse(t); err != nil {
					break
				}
			}
			return &templateRenderer{tpl: tpl, err: err}
		},
	})
}
