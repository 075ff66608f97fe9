package mailer

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// The plain text part of an HTML mail, as PocketBase derives it: block
// elements start a new line, list items get "- ", links read
// "[text](href)", and what has no text (styles, scripts, images, forms)
// is left out.
var (
	textSkippedTags = []string{"head", "style", "script", "iframe", "object", "applet", "svg", "img",
		"button", "form", "textarea", "input", "select", "option", "template"}
	textInlineTags = []string{"a", "span", "small", "strike", "strong", "sub", "sup", "em", "b", "u", "i"}
	spaceRun       = regexp.MustCompile(`\s+`)
	lineEndSpaces  = regexp.MustCompile(` +\r\n`)
)

// htmlToText renders an HTML body as plain text.
func htmlToText(body string) (string, error) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return "", err
	}
	w := &textWriter{}
	w.node(doc)
	return strings.TrimSpace(lineEndSpaces.ReplaceAllString(w.out.String(), "\r\n")), nil
}

type textWriter struct {
	out strings.Builder
	// midLine is true once text was written on the current line
	midLine bool
}

func (w *textWriter) newline() {
	w.out.WriteString("\r\n")
	w.midLine = false
}

func (w *textWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		if slices.Contains(textSkippedTags, n.Data) {
			return
		}
		switch {
		case n.Data == "br":
			w.newline()
		case n.Data == "a":
			w.link(n)
			return
		case w.midLine && !slices.Contains(textInlineTags, n.Data):
			w.newline()
		}
		if n.Data == "li" {
			w.out.WriteString("- ")
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *textWriter) text(s string) {
	s = spaceRun.ReplaceAllString(s, " ")
	if !w.midLine {
		s = strings.TrimLeft(s, " ")
	}
	if s != "" {
		w.out.WriteString(s)
		w.midLine = true
	}
}

// link writes "[text](href)"; a link without text reads "[LINK]".
func (w *textWriter) link(n *html.Node) {
	inner := &textWriter{midLine: true}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		inner.node(c)
	}
	label := strings.TrimSpace(inner.out.String())
	if label == "" {
		label = "LINK"
	}
	w.out.WriteString("[" + label + "]")
	for _, a := range n.Attr {
		if a.Key == "href" && a.Val != "" {
			w.out.WriteString("(" + a.Val + ")")
			break
		}
	}
	w.midLine = true
}
