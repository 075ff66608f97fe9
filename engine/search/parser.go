package search

import (
	"strconv"
	"strings"
)

// Parser limits. Rules are written by admins and filters by clients; both
// are bounded so that a hostile input cannot exhaust the stack or memory.
const (
	// MaxParseLength is the longest filter text Parse accepts (bytes).
	MaxParseLength = 64 * 1024
	// MaxNestingDepth is the deepest parenthesis nesting Parse accepts.
	MaxNestingDepth = 32
	// MaxFuncArgs is the most arguments a function call may have.
	MaxFuncArgs = 10
)

// Parse parses a filter expression into its AST without using the cache.
// Errors are *SyntaxError or one of the Err*Limit / ErrEmptyFilter values.
func Parse(src string) (Expr, error) {
	if len(src) > MaxParseLength {
		return nil, ErrFilterLengthLimit
	}
	p := &parser{lex: lexer{src: src}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokEOF {
		return nil, ErrEmptyFilter
	}
	expr, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.unexpected("&&, || or end of expression")
	}
	return expr, nil
}

type parser struct {
	lex   lexer
	tok   token
	depth int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) unexpected(want string) error {
	got := p.tok.kind.String()
	if p.tok.kind != tokEOF && p.tok.text != "" {
		got = strconv.Quote(p.tok.text)
	}
	return &SyntaxError{Pos: p.tok.pos, Msg: "expected " + want + ", got " + got}
}

// parseOr: and ( "||" and )*  — && binds tighter than ||.
func (p *parser) parseOr() (Expr, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokOr {
		return first, nil
	}
	items := []Expr{first}
	for p.tok.kind == tokOr {
		if err := p.advance(); err != nil {
			return nil, err
		}
		next, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		items = append(items, next)
	}
	return &Logical{And: false, Items: items}, nil
}

func (p *parser) parseAnd() (Expr, error) {
	first, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokAnd {
		return first, nil
	}
	items := []Expr{first}
	for p.tok.kind == tokAnd {
		if err := p.advance(); err != nil {
			return nil, err
		}
		next, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		items = append(items, next)
	}
	return &Logical{And: true, Items: items}, nil
}

func (p *parser) parsePrimary() (Expr, error) {
	if p.tok.kind == tokLParen {
		p.depth++
		if p.depth > MaxNestingDepth {
			return nil, ErrFilterDepthLimit
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tokRParen {
			return nil, &SyntaxError{Pos: p.tok.pos, Msg: "empty parentheses"}
		}
		inner, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.unexpected("')'")
		}
		p.depth--
		if err := p.advance(); err != nil {
			return nil, err
		}
		return inner, nil
	}
	return p.parseComparison()
}

func (p *parser) parseComparison() (Expr, error) {
	pos := p.tok.pos
	left, err := p.parseOperand(true)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokOp {
		return nil, p.unexpected("an operator")
	}
	op := Op(p.tok.text)
	if err := p.advance(); err != nil {
		return nil, err
	}
	right, err := p.parseOperand(true)
	if err != nil {
		return nil, err
	}
	return &Comparison{Left: left, Op: op, Right: right, Pos: pos}, nil
}

// parseOperand reads one value. Function calls are allowed only at the top
// level of a comparison (allowCall), never as another function's argument.
func (p *parser) parseOperand(allowCall bool) (Operand, error) {
	t := p.tok
	switch t.kind {
	case tokString:
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &StringLit{Value: unescapeString(t.text, t.quote), Raw: t.text, Quote: t.quote}, nil
	case tokNumber:
		if err := p.advance(); err != nil {
			return nil, err
		}
		return parseNumber(t)
	case tokPlaceholder:
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &Placeholder{Name: t.text}, nil
	case tokIdent:
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tokLParen {
			if !allowCall {
				return nil, &SyntaxError{Pos: t.pos, Msg: "function calls cannot be nested"}
			}
			return p.parseCall(t)
		}
		switch strings.ToLower(t.text) {
		case "null":
			return &NullLit{}, nil
		case "true":
			return &BoolLit{Value: true}, nil
		case "false":
			return &BoolLit{Value: false}, nil
		}
		if _, ok := datetimeMacros[t.text]; ok {
			return &MacroLit{Name: t.text}, nil
		}
		return &Identifier{Name: t.text}, nil
	}
	return nil, p.unexpected("a field, string, number or placeholder")
}

func (p *parser) parseCall(name token) (Operand, error) {
	if _, ok := filterFunctions[name.text]; !ok {
		return nil, &SyntaxError{Pos: name.pos, Msg: "unknown function " + strconv.Quote(name.text)}
	}
	if err := p.advance(); err != nil { // consume "("
		return nil, err
	}
	call := &FuncCall{Name: name.text}
	if p.tok.kind == tokRParen {
		return call, p.advance()
	}
	for {
		if len(call.Args) >= MaxFuncArgs {
			return nil, &SyntaxError{Pos: p.tok.pos, Msg: "too many function arguments"}
		}
		arg, err := p.parseOperand(false)
		if err != nil {
			return nil, err
		}
		call.Args = append(call.Args, arg)
		switch p.tok.kind {
		case tokComma:
			if err := p.advance(); err != nil {
				return nil, err
			}
		case tokRParen:
			return call, p.advance()
		default:
			return nil, p.unexpected("',' or ')'")
		}
	}
}

func parseNumber(t token) (Operand, error) {
	n := &NumberLit{Raw: t.text}
	if !strings.Contains(t.text, ".") {
		if v, err := strconv.ParseInt(t.text, 10, 64); err == nil {
			n.IsInt, n.Int, n.Float = true, v, float64(v)
			return n, nil
		}
	}
	v, err := strconv.ParseFloat(t.text, 64)
	if err != nil {
		return nil, &SyntaxError{Pos: t.pos, Msg: "invalid number " + strconv.Quote(t.text)}
	}
	n.Float = v
	return n, nil
}
