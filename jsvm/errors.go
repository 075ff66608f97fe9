package jsvm

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// ErrTimeout is matched (errors.Is) by every *TimeoutError.
var ErrTimeout = errors.New("jsvm: script execution timed out")

// ScriptError is a JavaScript exception (or a syntax error) located in a script.
// File is relative to the hooks dir when the script lives under it.
type ScriptError struct {
	Message string // e.g. "TypeError: x is not a function"
	File    string
	Line    int
	Column  int
	Stack   string // one "at fn (file:line:col)" per line, innermost first

	cause error // the Go error the script threw, if any
}

// Error formats the error as "file:line:col: message" so editors can jump to it.
func (e *ScriptError) Error() string {
	if e.File == "" {
		return e.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// Unwrap returns the Go error value the script threw (a GoError, or a Go
// value implementing error such as an API error object), so callers can map it.
func (e *ScriptError) Unwrap() error { return e.cause }

// TimeoutError reports a call interrupted because its time budget ran out.
type TimeoutError struct {
	Limit  time.Duration // the budget that was exceeded (0 when it came from a ctx deadline of unknown length)
	File   string        // where the script was when it was stopped, if it was running JS
	Line   int
	Column int
	Stack  string
}

func (e *TimeoutError) Error() string {
	msg := "jsvm: script execution timed out"
	if e.Limit > 0 {
		msg += " after " + e.Limit.String()
	}
	if e.File != "" {
		msg += fmt.Sprintf(" at %s:%d:%d", e.File, e.Line, e.Column)
	}
	return msg
}

// Is makes errors.Is(err, ErrTimeout) true.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimeout }

// interruptSignal is the value handed to goja's Interrupt so our own
// interrupts can be told apart from anything else.
type interruptSignal struct{}

func (interruptSignal) Error() string { return "jsvm: interrupted" }

// relName shortens an absolute script path to its hooks-dir-relative form.
func relName(hooksDir, name string) string {
	if hooksDir == "" || !filepath.IsAbs(name) {
		return name
	}
	if rel, err := filepath.Rel(hooksDir, name); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return name
}

// formatStack renders goja frames innermost first with hooks-relative file names.
func formatStack(hooksDir string, frames []goja.StackFrame) (stack, file string, line, col int) {
	var b strings.Builder
	for i := range frames {
		f := &frames[i]
		pos := f.Position()
		b.WriteString("    at ")
		if pos.Line == 0 {
			b.WriteString(f.FuncName())
			b.WriteString(" (native)\n")
			continue
		}
		name := relName(hooksDir, pos.Filename)
		if file == "" {
			file, line, col = name, pos.Line, pos.Column
		}
		fmt.Fprintf(&b, "%s (%s:%d:%d)\n", f.FuncName(), name, pos.Line, pos.Column)
	}
	return b.String(), file, line, col
}

// thrownCause finds a Go error inside a thrown JS value: a GoError wrapper or
// a wrapped Go value that implements error.
func thrownCause(ex *goja.Exception) error {
	if err := ex.Unwrap(); err != nil {
		return err
	}
	return valueCause(ex.Value())
}

func valueCause(v goja.Value) error {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	if inner := obj.Get("value"); inner != nil && obj.ClassName() == "Error" {
		if err, ok := inner.Export().(error); ok {
			return err
		}
	}
	if err, ok := obj.Export().(error); ok {
		return err
	}
	return nil
}

// stackLine matches one frame of goja's Error.prototype.stack text:
// "at fn (/abs/file.js:3:11(12))" or "at /abs/file.js:3:11(12)".
var stackLine = regexp.MustCompile(`at (?:(.*?) \()?(.+?):(\d+):(\d+)(?:\(\d+\))?\)?\s*$`)

// valueError converts a rejection reason (no goja frames available) into a
// ScriptError, reading the position from the Error's own stack text.
func valueError(hooksDir string, v goja.Value) *ScriptError {
	se := &ScriptError{Message: "undefined", cause: valueCause(v)}
	if v == nil {
		return se
	}
	se.Message = v.String()
	obj, ok := v.(*goja.Object)
	if !ok {
		return se
	}
	st := obj.Get("stack")
	if st == nil || goja.IsUndefined(st) {
		return se
	}
	var b strings.Builder
	for _, raw := range strings.Split(st.String(), "\n") {
		m := stackLine.FindStringSubmatch(strings.TrimSpace(raw))
		if m == nil {
			continue
		}
		name := relName(hooksDir, m[2])
		ln, _ := strconv.Atoi(m[3])
		cl, _ := strconv.Atoi(m[4])
		if se.File == "" {
			se.File, se.Line, se.Column = name, ln, cl
		}
		fn := m[1]
		if fn == "" {
			fn = "<anonymous>"
		}
		fmt.Fprintf(&b, "    at %s (%s:%d:%d)\n", fn, name, ln, cl)
	}
	se.Stack = b.String()
	return se
}

// convertError turns goja errors into ScriptError / TimeoutError; other
// errors pass through unchanged.
func convertError(hooksDir string, err error, limit time.Duration) error {
	if err == nil {
		return nil
	}
	var intr *goja.InterruptedError
	if errors.As(err, &intr) {
		stack, file, line, col := formatStack(hooksDir, intr.Stack())
		return &TimeoutError{Limit: limit, File: file, Line: line, Column: col, Stack: stack}
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		stack, file, line, col := formatStack(hooksDir, ex.Stack())
		msg := "undefined"
		if v := ex.Value(); v != nil {
			msg = v.String()
		}
		cause := thrownCause(ex)
		var cerr *goja.CompilerSyntaxError
		if errors.As(cause, &cerr) {
			// a syntax error in a require()d module: point at the module, not the require call
			se := compilerError(hooksDir, "SyntaxError", &cerr.CompilerError)
			se.Stack = stack
			return se
		}
		return &ScriptError{Message: msg, File: file, Line: line, Column: col, Stack: stack, cause: cause}
	}
	var perr parser.ErrorList
	if errors.As(err, &perr) && len(perr) > 0 {
		p := perr[0].Position
		return &ScriptError{Message: "SyntaxError: " + perr[0].Message, File: relName(hooksDir, p.Filename), Line: p.Line, Column: p.Column}
	}
	var cerr *goja.CompilerSyntaxError
	if errors.As(err, &cerr) {
		return compilerError(hooksDir, "SyntaxError", &cerr.CompilerError)
	}
	var rerr *goja.CompilerReferenceError
	if errors.As(err, &rerr) {
		return compilerError(hooksDir, "ReferenceError", &rerr.CompilerError)
	}
	return err
}

// parserMessage matches goja's parser error text: "<file>: Line <l>:<c> <msg>".
var parserMessage = regexp.MustCompile(`^(.*): Line (\d+):(\d+) (.*)$`)

func compilerError(hooksDir, kind string, ce *goja.CompilerError) *ScriptError {
	se := &ScriptError{Message: kind + ": " + ce.Message}
	if ce.File != nil {
		p := ce.File.Position(ce.Offset)
		se.File, se.Line, se.Column = relName(hooksDir, p.Filename), p.Line, p.Column
	} else if m := parserMessage.FindStringSubmatch(strings.SplitN(ce.Message, "\n", 2)[0]); m != nil {
		// goja.Parse keeps only the text of the parser's error; recover its position
		se.Message = kind + ": " + m[4]
		se.File = relName(hooksDir, m[1])
		se.Line, _ = strconv.Atoi(m[2])
		se.Column, _ = strconv.Atoi(m[3])
	}
	return se
}
