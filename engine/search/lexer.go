package search

import (
	"fmt"
	"strings"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokIdent
	tokString
	tokNumber
	tokPlaceholder
	tokOp
	tokAnd
	tokOr
	tokLParen
	tokRParen
	tokComma
)

func (k tokenKind) String() string {
	switch k {
	case tokEOF:
		return "end of expression"
	case tokIdent:
		return "identifier"
	case tokString:
		return "string"
	case tokNumber:
		return "number"
	case tokPlaceholder:
		return "placeholder"
	case tokOp:
		return "operator"
	case tokAnd:
		return "&&"
	case tokOr:
		return "||"
	case tokLParen:
		return "("
	case tokRParen:
		return ")"
	case tokComma:
		return ","
	}
	return "token"
}

// token is one lexeme. For strings, text is the raw content between the
// quotes (escapes not yet applied) and quote is the quote character.
type token struct {
	kind  tokenKind
	text  string
	quote byte
	pos   int
}

// operators ordered longest first so that scanning picks the longest match.
var operatorList = []string{
	"?!=", "?!~", "?>=", "?<=",
	"?=", "?~", "?>", "?<", "!=", "!~", ">=", "<=",
	"=", "~", ">", "<",
}

type lexer struct {
	src string
	pos int
}

func (l *lexer) errorf(pos int, format string, args ...any) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// next returns the next token, skipping whitespace and // comments.
func (l *lexer) next() (token, error) {
	l.skipSpaceAndComments()
	if l.pos >= len(l.src) {
		return token{kind: tokEOF, pos: l.pos}, nil
	}

	start := l.pos
	c := l.src[l.pos]
	switch {
	case c == '(':
		l.pos++
		return token{kind: tokLParen, text: "(", pos: start}, nil
	case c == ')':
		l.pos++
		return token{kind: tokRParen, text: ")", pos: start}, nil
	case c == ',':
		l.pos++
		return token{kind: tokComma, text: ",", pos: start}, nil
	case c == '&' || c == '|':
		if l.pos+1 < len(l.src) && l.src[l.pos+1] == c {
			l.pos += 2
			if c == '&' {
				return token{kind: tokAnd, text: "&&", pos: start}, nil
			}
			return token{kind: tokOr, text: "||", pos: start}, nil
		}
		return token{}, l.errorf(start, "invalid join operator %q (expected && or ||)", string(c))
	case c == '\'' || c == '"':
		return l.scanString()
	case c == '{':
		return l.scanPlaceholder()
	case c == '-' || isDigit(c):
		return l.scanNumber()
	case isIdentStart(c):
		return l.scanIdent()
	}

	for _, op := range operatorList {
		if strings.HasPrefix(l.src[l.pos:], op) {
			l.pos += len(op)
			return token{kind: tokOp, text: op, pos: start}, nil
		}
	}

	return token{}, l.errorf(start, "unexpected character %q", l.runeAt(start))
}

func (l *lexer) runeAt(pos int) string {
	for _, r := range l.src[pos:] {
		return string(r)
	}
	return ""
}

func (l *lexer) skipSpaceAndComments() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.pos++
		case c == '/' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '/':
			end := strings.IndexByte(l.src[l.pos:], '\n')
			if end < 0 {
				l.pos = len(l.src)
			} else {
				l.pos += end + 1
			}
		default:
			return
		}
	}
}

// scanString reads a quoted string. A backslash always protects the next
// byte from ending the string; unquoting is done by unescapeString.
func (l *lexer) scanString() (token, error) {
	start := l.pos
	quote := l.src[l.pos]
	l.pos++
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == '\\' {
			l.pos += 2
			continue
		}
		if c == quote {
			raw := l.src[start+1 : l.pos]
			l.pos++
			return token{kind: tokString, text: raw, quote: quote, pos: start}, nil
		}
		l.pos++
	}
	l.pos = len(l.src)
	return token{}, l.errorf(start, "unterminated quoted string")
}

// unescapeString turns the raw string content into its value: `\<quote>`
// becomes the quote; every other backslash is kept as written, so LIKE
// escapes such as `\%` and `\_` reach the database intact.
func unescapeString(raw string, quote byte) string {
	if strings.IndexByte(raw, '\\') < 0 {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c == '\\' && i+1 < len(raw) {
			n := raw[i+1]
			if n == quote {
				b.WriteByte(quote)
			} else {
				b.WriteByte(c)
				b.WriteByte(n)
			}
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (l *lexer) scanPlaceholder() (token, error) {
	start := l.pos
	if !strings.HasPrefix(l.src[l.pos:], "{:") {
		return token{}, l.errorf(start, "unexpected character '{' (placeholders look like {:name})")
	}
	i := l.pos + 2
	for i < len(l.src) && isWordChar(l.src[i]) {
		i++
	}
	if i == l.pos+2 || i >= len(l.src) || l.src[i] != '}' {
		return token{}, l.errorf(start, "invalid placeholder (expected {:name})")
	}
	name := l.src[l.pos+2 : i]
	l.pos = i + 1
	return token{kind: tokPlaceholder, text: name, pos: start}, nil
}

// scanNumber reads -?digits(.digits)?.
func (l *lexer) scanNumber() (token, error) {
	start := l.pos
	i := l.pos
	if l.src[i] == '-' {
		i++
	}
	digitsStart := i
	for i < len(l.src) && isDigit(l.src[i]) {
		i++
	}
	if i == digitsStart {
		return token{}, l.errorf(start, "invalid number (a '-' must be followed by digits)")
	}
	if i < len(l.src) && l.src[i] == '.' {
		i++
		fracStart := i
		for i < len(l.src) && isDigit(l.src[i]) {
			i++
		}
		if i == fracStart {
			return token{}, l.errorf(start, "invalid number %q", l.src[start:i])
		}
	}
	if i < len(l.src) && (isIdentStart(l.src[i]) || l.src[i] == '.') {
		return token{}, l.errorf(start, "invalid number %q", l.src[start:i+1])
	}
	l.pos = i
	return token{kind: tokNumber, text: l.src[start:i], pos: start}, nil
}

// scanIdent reads a field path such as `a.b.c`, `@request.auth.id`,
// `@collection.posts:alias.title` or `tags:length`.
func (l *lexer) scanIdent() (token, error) {
	start := l.pos
	i := l.pos + 1
	for i < len(l.src) && (isWordChar(l.src[i]) || l.src[i] == '.' || l.src[i] == ':') {
		i++
	}
	text := l.src[start:i]
	l.pos = i
	if !isWordChar(text[len(text)-1]) || strings.Contains(text, "..") ||
		strings.Contains(text, "::") || strings.Contains(text, ".:") || strings.Contains(text, ":.") {
		return token{}, l.errorf(start, "invalid identifier %q", text)
	}
	if len(text) > 1 && (text[0] == '@' || text[0] == '#') && !isWordChar(text[1]) {
		return token{}, l.errorf(start, "invalid identifier %q", text)
	}
	return token{kind: tokIdent, text: text, pos: start}, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isWordChar(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

func isIdentStart(c byte) bool { return isLetter(c) || c == '_' || c == '@' || c == '#' }
