package search

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

func TestParseShapes(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{`a = 1`, `a = 1`},
		{`a=1&&b!=2||c>3`, `a = 1 && b != 2 || c > 3`},
		{`a = 1 || b = 2 && c = 3`, `a = 1 || b = 2 && c = 3`},
		{`(a = 1 || b = 2) && c = 3`, `(a = 1 || b = 2) && c = 3`},
		{`((a = 1))`, `a = 1`},
		{`a.b.c ?!= "x"`, `a.b.c ?!= "x"`},
		{`@request.auth.id != ""`, `@request.auth.id != ""`},
		{`@collection.posts:p.title ?= title`, `@collection.posts:p.title ?= title`},
		{`tags:length > 1 && title:lower ~ 'x' && @request.body.role:isset = false`, `tags:length > 1 && title:lower ~ 'x' && @request.body.role:isset = false`},
		{`a:each ?~ 'pb_%'`, `a:each ?~ 'pb_%'`},
		{`a = -1.5`, `a = -1.5`},
		{`a>-1`, `a > -1`},
		{`a = NULL || b = True`, `a = null || b = true`},
		{`a = {:p1}`, `a = {:p1}`},
		{`created >= @todayStart`, `created >= @todayStart`},
		{`geoDistance(a.lon, a.lat, 1, -2.5) < 25`, `geoDistance(a.lon, a.lat, 1, -2.5) < 25`},
		{`strftime('%Y', created, 'start of month', "+1 day") = "2024"`, `strftime('%Y', created, 'start of month', "+1 day") = "2024"`},
		{`strftime('%Y') != ''`, `strftime('%Y') != ''`},
		{"a = 1 // c1\n// c2\n&& b = 2", `a = 1 && b = 2`},
		{`a = 'x // not a comment'`, `a = 'x // not a comment'`},
		{`a = "it\"s"`, `a = "it\"s"`},
		{`_a = #b`, `_a = #b`},
	}
	for _, tc := range cases {
		e, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := e.String(); got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// the printed form parses back to the same thing
		e2, err := Parse(e.String())
		if err != nil || e2.String() != e.String() {
			t.Errorf("round trip of %q failed: %v %q", tc.in, err, e2)
		}
	}
}

func TestParsePrecedenceTree(t *testing.T) {
	e, err := Parse(`a = 1 || b = 2 && c = 3 || d = 4`)
	if err != nil {
		t.Fatal(err)
	}
	or, ok := e.(*Logical)
	if !ok || or.And || len(or.Items) != 3 {
		t.Fatalf("expected a 3-item OR, got %#v", e)
	}
	and, ok := or.Items[1].(*Logical)
	if !ok || !and.And || len(and.Items) != 2 {
		t.Fatalf("expected the middle item to be an AND, got %#v", or.Items[1])
	}
}

func TestParseLiterals(t *testing.T) {
	e, err := Parse(`a = 'x\'y\\z\%' && b = 42 && c = -0.5 && d = null && f = false && g = @now && h = {:v} && i = @nowx`)
	if err != nil {
		t.Fatal(err)
	}
	items := e.(*Logical).Items
	right := func(i int) Operand { return items[i].(*Comparison).Right }

	if s := right(0).(*StringLit); s.Value != `x'y\\z\%` {
		t.Errorf("string value %q", s.Value)
	}
	if n := right(1).(*NumberLit); !n.IsInt || n.Int != 42 {
		t.Errorf("int %#v", n)
	}
	if n := right(2).(*NumberLit); n.IsInt || n.Float != -0.5 {
		t.Errorf("float %#v", n)
	}
	if _, ok := right(3).(*NullLit); !ok {
		t.Errorf("null %#v", right(3))
	}
	if b := right(4).(*BoolLit); b.Value {
		t.Errorf("bool %#v", b)
	}
	if m := right(5).(*MacroLit); m.Name != "@now" {
		t.Errorf("macro %#v", m)
	}
	if p := right(6).(*Placeholder); p.Name != "v" {
		t.Errorf("placeholder %#v", p)
	}
	if id := right(7).(*Identifier); id.Name != "@nowx" {
		t.Errorf("unknown @ name should be an identifier: %#v", right(7))
	}
	if n := CountComparisons(e); n != 8 {
		t.Errorf("CountComparisons = %d", n)
	}
}

func TestParseErrors(t *testing.T) {
	deep := strings.Repeat("(", MaxNestingDepth+1) + "a = 1" + strings.Repeat(")", MaxNestingDepth+1)
	okDeep := strings.Repeat("(", MaxNestingDepth) + "a = 1" + strings.Repeat(")", MaxNestingDepth)
	if _, err := Parse(okDeep); err != nil {
		t.Fatalf("depth %d should parse: %v", MaxNestingDepth, err)
	}

	cases := map[string]error{
		"":                                   ErrEmptyFilter,
		"   \n\t":                            ErrEmptyFilter,
		"// just a comment":                  ErrEmptyFilter,
		deep:                                 ErrFilterDepthLimit,
		strings.Repeat(" ", 1<<16+1):         ErrFilterLengthLimit,
		"a =":                                nil,
		"= 1":                                nil,
		"a":                                  nil,
		"a = 1 &&":                           nil,
		"&& a = 1":                           nil,
		"(a = 1":                             nil,
		"a = 1)":                             nil,
		"()":                                 nil,
		"a == 1":                             nil,
		"a = 'abc":                           nil,
		`a = "abc\"`:                         nil,
		"a & 1":                              nil,
		"a = 1 & b = 2":                      nil,
		"a = 1 | b = 2":                      nil,
		"a = 1 || || b = 2":                  nil,
		"a = 1.":                             nil,
		"a = -":                              nil,
		"a = .5":                             nil,
		"a = 1a":                             nil,
		"a = 1.2.3":                          nil,
		"a..b = 1":                           nil,
		"a. = 1":                             nil,
		"a: = 1":                             nil,
		"@ = 1":                              nil,
		"@.a = 1":                            nil,
		"a = 1 b = 2":                        nil,
		"a = ,":                              nil,
		"a ?? 1":                             nil,
		"a =! 1":                             nil,
		"a = {:}":                            nil,
		"a = {x}":                            nil,
		"a = {:x":                            nil,
		"a = $x":                             nil,
		"títle = 1":                          nil,
		"a = 1 / 2":                          nil,
		"unknownFn(1) = 1":                   nil,
		"strftime('%Y', strftime('%Y')) = 1": nil,
		"geoDistance(1, 2, 3, 4 = 1":         nil,
		"geoDistance(1 2) = 1":               nil,
		"geoDistance(1,) = 1":                nil,
		"strftime('a','b','c','d','e','f','g','h','i','j','k') = 1": nil,
		"a = 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999.5": nil,
	}
	for in, wantErr := range cases {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q): expected an error", in)
			continue
		}
		if !IsUserError(err) {
			t.Errorf("Parse(%q): %v is not a user error", in, err)
		}
		if wantErr != nil && !errors.Is(err, wantErr) {
			t.Errorf("Parse(%q): got %v, want %v", in, err, wantErr)
		}
		if wantErr == nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("Parse(%q): expected *SyntaxError, got %T", in, err)
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	r := NewSimpleFieldResolver("a", "b")
	cases := []string{
		"nope = 1",
		"a = nope",
		"a = {:missing}",
		"geoDistance(1, 2, 3) = 1",
		"geoDistance('x', 2, 3, 4) = 1",
		"geoDistance(nope, 2, 3, 4) = 1",
		"strftime(a) = 1",
		"strftime() = 1",
		"strftime('%Y', null) = 1",
		"strftime('%Y', a, 5) = 1",
		"strftime('%Y', a, b) = 1",
		"@request.auth.id = ''",
		"@collection.x.y = 1",
		"a:length = 1",
	}
	for _, in := range cases {
		_, err := FilterData(in).BuildExpr(r)
		if err == nil {
			t.Errorf("%q: expected an error", in)
			continue
		}
		var be *BuildError
		if !errors.As(err, &be) || !IsUserError(err) {
			t.Errorf("%q: expected a *BuildError user error, got %T %v", in, err, err)
		}
	}

	if _, err := BuildAST(nil, r); !errors.Is(err, ErrEmptyFilter) {
		t.Errorf("nil AST: %v", err)
	}
	if _, err := FilterData("a = 1").BuildExpr(nil); err == nil {
		t.Error("nil resolver should fail")
	}
	if IsUserError(nil) || IsUserError(errors.New("db is down")) {
		t.Error("IsUserError misclassifies")
	}
}

func TestBuildExprWithLimit(t *testing.T) {
	r := NewSimpleFieldResolver("a")
	f := FilterData("a = 1 || a = 2 || a = 3")
	if _, err := f.BuildExprWithLimit(r, 2); !errors.Is(err, ErrFilterExprLimit) {
		t.Fatalf("expected limit error, got %v", err)
	}
	if _, err := f.BuildExprWithLimit(r, 3); err != nil {
		t.Fatal(err)
	}
}

func TestParseCache(t *testing.T) {
	src := "cache_test_field = 'unique-" + t.Name() + "'"
	e1, err := ParseCached(src)
	if err != nil {
		t.Fatal(err)
	}
	e2, _ := ParseCached(src)
	if e1 != e2 {
		t.Fatal("second parse should come from the cache")
	}
	if _, err := ParseCached("bad ("); err == nil {
		t.Fatal("expected an error")
	}
	if _, ok := parsedCache.get("bad ("); ok {
		t.Fatal("failed parses must not be cached")
	}

	// bounded, and safe under concurrent use
	c := newASTCache(10)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				key := strings.Repeat("x", g) + "=" + strings.Repeat("y", i%37)
				if _, ok := c.get(key); !ok {
					c.put(key, &Comparison{})
				}
			}
		}(g)
	}
	wg.Wait()
	if n := c.len(); n > 10 {
		t.Fatalf("cache grew to %d", n)
	}
}

func TestUnescapeString(t *testing.T) {
	cases := []struct {
		raw   string
		quote byte
		want  string
	}{
		{`abc`, '"', `abc`},
		{`a\"b`, '"', `a"b`},
		{`a\'b`, '"', `a\'b`},
		{`a\'b`, '\'', `a'b`},
		{`a\\`, '\'', `a\\`},
		{`\%`, '\'', `\%`},
	}
	for _, tc := range cases {
		if got := unescapeString(tc.raw, tc.quote); got != tc.want {
			t.Errorf("unescape(%q, %c) = %q, want %q", tc.raw, tc.quote, got, tc.want)
		}
	}
}
