package search

import (
	"strconv"
	"strings"
)

// Op is a comparison operator of the filter grammar.
type Op string

// Comparison operators. The "?" forms are the any-of variants for
// multi-valued operands; the plain forms require every item to match.
const (
	OpEq       Op = "="
	OpNeq      Op = "!="
	OpLike     Op = "~"
	OpNotLike  Op = "!~"
	OpLt       Op = "<"
	OpLte      Op = "<="
	OpGt       Op = ">"
	OpGte      Op = ">="
	OpAnyEq    Op = "?="
	OpAnyNeq   Op = "?!="
	OpAnyLike  Op = "?~"
	OpAnyNLike Op = "?!~"
	OpAnyLt    Op = "?<"
	OpAnyLte   Op = "?<="
	OpAnyGt    Op = "?>"
	OpAnyGte   Op = "?>="
)

// IsAny reports whether the operator is an any-of ("?") operator.
func (o Op) IsAny() bool { return strings.HasPrefix(string(o), "?") }

// Base returns the operator without its "?" prefix.
func (o Op) Base() Op { return Op(strings.TrimPrefix(string(o), "?")) }

// Expr is a boolean node of the filter AST: *Logical or *Comparison.
type Expr interface {
	String() string
	isExpr()
}

// Logical joins two or more expressions with && (And=true) or ||.
type Logical struct {
	And   bool
	Items []Expr
}

// Comparison is `Left Op Right`. Pos is the byte offset of Left.
type Comparison struct {
	Left  Operand
	Op    Op
	Right Operand
	Pos   int
}

func (*Logical) isExpr()    {}
func (*Comparison) isExpr() {}

func (e *Logical) String() string {
	sep := " || "
	if e.And {
		sep = " && "
	}
	parts := make([]string, len(e.Items))
	for i, it := range e.Items {
		parts[i] = it.String()
		// only an OR inside an AND needs parentheses (&& binds tighter)
		if l, ok := it.(*Logical); ok && e.And && !l.And {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, sep)
}

func (e *Comparison) String() string {
	return e.Left.String() + " " + string(e.Op) + " " + e.Right.String()
}

// Operand is a value node: *Identifier, *StringLit, *NumberLit, *NullLit,
// *BoolLit, *MacroLit, *Placeholder or *FuncCall.
type Operand interface {
	String() string
	isOperand()
}

// Identifier is a field path handed to the FieldResolver verbatim,
// modifiers included (e.g. "author.name", "@request.auth.id", "tags:length").
type Identifier struct{ Name string }

// StringLit is a quoted string. Value has the escapes applied; Raw and Quote
// keep the source form so that String() reproduces the input.
type StringLit struct {
	Value string
	Raw   string
	Quote byte
}

// NumberLit is an integer or decimal literal, possibly negative.
type NumberLit struct {
	Raw   string
	IsInt bool
	Int   int64
	Float float64
}

// NullLit is `null`.
type NullLit struct{}

// BoolLit is `true` or `false`.
type BoolLit struct{ Value bool }

// MacroLit is a datetime macro such as @now or @todayStart.
type MacroLit struct{ Name string }

// Placeholder is `{:name}`, filled from the params given to BuildExpr.
type Placeholder struct{ Name string }

// FuncCall is a function call such as geoDistance(...) or strftime(...).
type FuncCall struct {
	Name string
	Args []Operand
}

func (*Identifier) isOperand()  {}
func (*StringLit) isOperand()   {}
func (*NumberLit) isOperand()   {}
func (*NullLit) isOperand()     {}
func (*BoolLit) isOperand()     {}
func (*MacroLit) isOperand()    {}
func (*Placeholder) isOperand() {}
func (*FuncCall) isOperand()    {}

func (o *Identifier) String() string  { return o.Name }
func (o *StringLit) String() string   { return string(o.Quote) + o.Raw + string(o.Quote) }
func (o *NumberLit) String() string   { return o.Raw }
func (o *NullLit) String() string     { return "null" }
func (o *BoolLit) String() string     { return strconv.FormatBool(o.Value) }
func (o *MacroLit) String() string    { return o.Name }
func (o *Placeholder) String() string { return "{:" + o.Name + "}" }

func (o *FuncCall) String() string {
	args := make([]string, len(o.Args))
	for i, a := range o.Args {
		args[i] = a.String()
	}
	return o.Name + "(" + strings.Join(args, ", ") + ")"
}

// CountComparisons returns the number of comparisons in the expression, used
// to cap how much SQL a single client filter may generate.
func CountComparisons(e Expr) int {
	switch n := e.(type) {
	case *Comparison:
		return 1
	case *Logical:
		total := 0
		for _, it := range n.Items {
			total += CountComparisons(it)
		}
		return total
	}
	return 0
}
