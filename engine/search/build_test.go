package search

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
)

// freezeTime sets the macro clock to 2024-02-29 12:00:00 UTC (a Thursday,
// leap day) for the duration of the test.
func freezeTime(t *testing.T) {
	t.Helper()
	old := timeNow
	timeNow = func() time.Time { return time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { timeNow = old })
}

type filterCase struct {
	name   string
	filter string
	params dbx.Params
	want   []string
}

func runFilterCases(t *testing.T, newResolver func() FieldResolver, cases []filterCase) {
	t.Helper()
	db := openTestDB(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var params []dbx.Params
			if tc.params != nil {
				params = append(params, tc.params)
			}
			got, err := matchIDs(t, db, newResolver(), tc.filter, params...)
			if err != nil {
				t.Fatalf("filter %q: %v", tc.filter, err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("filter %q\n got %v\nwant %v", tc.filter, got, tc.want)
			}
		})
	}
}

func ids(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func TestFilterOperatorsAndLiterals(t *testing.T) {
	freezeTime(t)
	all := ids("a,b,c,d,e,f,g")
	cases := []filterCase{
		// equality and NULL semantics: NULL and '' are the same value
		{"eq string", `title = "Hello World"`, nil, ids("a")},
		{"eq is case sensitive", `title = 'hello world'`, nil, ids("")},
		{"eq empty matches null", `title = ""`, nil, ids("c,d")},
		{"neq empty", `title != ''`, nil, ids("a,b,e,f,g")},
		{"eq null", `title = null`, nil, ids("c,d")},
		{"eq NULL uppercase", `title = NULL`, nil, ids("c,d")},
		{"neq null", `title != null`, nil, ids("a,b,e,f,g")},
		{"null on the left", `null = title`, nil, ids("c,d")},
		{"neq includes nulls", `title != "Hello World"`, nil, ids("b,c,d,e,f,g")},
		{"literal on the left", `"Hello World" = title`, nil, ids("a")},
		{"column vs column ('' equals NULL)", `title = note`, nil, ids("c")},
		{"column vs column reversed", `note = title`, nil, ids("c")},
		{"column neq column", `note != title`, nil, ids("a,b,d,e,f,g")},
		{"literal vs literal", `"x" = "x"`, nil, all},
		{"literal vs literal false", `"x" = "y"`, nil, ids("")},
		{"empty vs null literal", `"" = null`, nil, all},
		{"empty vs null literal neq", `"" != null`, nil, ids("")},
		{"number vs number", `1 < 2`, nil, all},

		// numbers
		{"gt", `num > 5`, nil, ids("a,b,g")},
		{"gte float", `num >= 5.5`, nil, ids("a,b,g")},
		{"lt negative", `num < 0`, nil, ids("e")},
		{"lte negative", `num <= -3`, nil, ids("e")},
		{"eq zero", `num = 0`, nil, ids("c")},
		{"eq negative", `num = -3`, nil, ids("e")},
		{"eq float", `num = 1.25`, nil, ids("f")},
		{"eq float trailing zero", `num = 5.50`, nil, ids("b")},
		{"neq number includes null", `num != 10`, nil, ids("b,c,d,e,f,g")},
		{"range", `num > -1 && num < 1`, nil, ids("c")},
		{"number on the left", `5 < num`, nil, ids("a,b,g")},

		// booleans
		{"true", `flag = true`, nil, ids("a,e,f")},
		{"false", `flag = false`, nil, ids("b,c,g")},
		{"neq true", `flag != true`, nil, ids("b,c,d,g")},
		{"bool on the left", `TRUE = flag`, nil, ids("a,e,f")},

		// precedence, grouping and comments
		{"and binds tighter than or", `flag = true || num = 7 && title = "x"`, nil, ids("a,e,f")},
		{"or then and", `num = 7 && title = "x" || flag = true`, nil, ids("a,e,f")},
		{"parentheses", `(flag = true || num = 7) && title ~ "o"`, nil, ids("a,f")},
		{"nested parentheses", `((id = "a" || (id = "b")) && (num > 0))`, nil, ids("a,b")},
		{"comments", "// leading comment\ntitle = 'Hello World' // trailing\n// another", nil, ids("a")},
		{"comment between clauses", "id = 'a' // first\n || id = 'b'", nil, ids("a,b")},
		{"whitespace", "\t id\n=\r\n'a' ", nil, ids("a")},

		// like
		{"like contains case-insensitive", `title ~ "HELLO"`, nil, ids("a,b")},
		{"like escapes underscore", `title ~ "l_o"`, nil, ids("")},
		{"like literal underscore", `title ~ "o_t"`, nil, ids("b")},
		{"like own wildcard is raw", `title ~ "100%"`, nil, ids("e")},
		{"like own wildcard suffix", `title ~ "%SURE"`, nil, ids("e")},
		{"like escaped percent", `title ~ "0\%"`, nil, ids("e")},
		{"like escaped percent no match", `title ~ "1\%"`, nil, ids("")},
		{"like backslash literal", `title ~ 'k\s'`, nil, ids("g")},
		{"not like", `title !~ "hello"`, nil, ids("c,e,f,g")},
		{"like quotes", `title ~ 'it\'s'`, nil, ids("f")},
		{"like number", `num ~ 5`, nil, ids("b,f")},
		{"like column", `title ~ note`, nil, ids("a,b")},
		{"like null pattern", `title ~ null`, nil, ids("")},
		{"like with lower modifier", `title:lower ~ "world"`, nil, ids("a")},

		// strings and escapes
		{"escaped double quotes", `title = "it's \"quoted\""`, nil, ids("f")},
		{"escaped single quote", `title = 'it\'s "quoted"'`, nil, ids("f")},
		{"backslash kept", `title = 'back\slash'`, nil, ids("g")},
		{"lower modifier eq", `title:lower = "hello world"`, nil, ids("a")},

		// dates and macros (now = 2024-02-29 12:00:00 UTC)
		{"date compare", `created > "2024-01-01"`, nil, ids("a,e,f,g")},
		{"@now", `created = @now`, nil, ids("f")},
		{"@todayStart/@todayEnd", `created >= @todayStart && created <= @todayEnd`, nil, ids("f")},
		{"@yesterday", `created < @yesterday`, nil, ids("a,b,c")},
		{"@tomorrow", `created > @tomorrow`, nil, ids("e,g")},
		{"@monthStart/@monthEnd", `created >= @monthStart && created <= @monthEnd`, nil, ids("f")},
		{"@yearStart/@yearEnd", `created >= @yearStart && created <= @yearEnd`, nil, ids("a,f,g")},
		{"numeric macros", `@year = 2024 && @month = 2 && @day = 29 && @hour = 12 && @minute = 0 && @second = 0 && @weekday = 4 && id = "a"`, nil, ids("a")},

		// placeholders
		{"placeholder string", `title = {:t}`, dbx.Params{"t": "Hello World"}, ids("a")},
		{"placeholder number", `num > {:n}`, dbx.Params{"n": 6}, ids("a,g")},
		{"placeholder nil", `title = {:v}`, dbx.Params{"v": nil}, ids("c,d")},
		{"placeholder bool", `flag = {:b}`, dbx.Params{"b": true}, ids("a,e,f")},
		{"placeholder like is wrapped", `title ~ {:q}`, dbx.Params{"q": "HELLO"}, ids("a,b")},
		{"placeholder injection", `title = {:x}`, dbx.Params{"x": "' OR 1=1 --"}, ids("")},
		{"placeholder looks like placeholder", `title = {:x}`, dbx.Params{"x": "{:y}"}, ids("")},
		{"placeholder slice as json", `data = {:x}`, dbx.Params{"x": []int{1, 2, 3}}, ids("g")},
		{"placeholder twice", `id = {:x} || note = {:x}`, dbx.Params{"x": "f"}, ids("f")},

		// json paths
		{"json eq", `data.auth = "x"`, nil, ids("a,f")},
		{"json null", `data.auth = null`, nil, ids("b,c,d,g")},
		{"json number", `data.n > 4`, nil, ids("a")},
		{"json array index", `data.arr.1 = 2`, nil, ids("a")},

		// functions
		{"geoDistance near", `geoDistance(lon, lat, 23.32, 42.69) < 25`, nil, ids("a,g")},
		{"geoDistance range", `geoDistance(lon, lat, 23.32, 42.69) > 100 && geoDistance(lon, lat, 23.32, 42.69) < 200`, nil, ids("b")},
		{"geoDistance null-safe", `geoDistance(lon, lat, 0, 0) = null`, nil, ids("d")},
		{"strftime year", `strftime('%Y', created) = "2024"`, nil, ids("a,f,g")},
		{"strftime modifier", `strftime('%Y-%m', created, '+1 month') = "2024-03"`, nil, ids("f")},
		{"strftime empty", `strftime('%Y', created) = ""`, nil, ids("c,d")},
		{"strftime now", `strftime('%Y') != ""`, nil, all},
		{"strftime of literal", `strftime('%m', '2024-05-06') = "05" && id = 'a'`, nil, ids("a")},
		{"strftime macro", `strftime('%Y', @now) = '2024' && id = 'b'`, nil, ids("b")},
	}
	runFilterCases(t, func() FieldResolver { return newRelResolver() }, cases)
}

func TestFilterMultiMatch(t *testing.T) {
	// tags: a=[red,green] b=[red] d=[red,red] f=[blue]; c,e,g have none
	// scores: a=[1,2] b=[3] d=[5,6] f=[0]
	cases := []filterCase{
		{"every item eq, empty excluded", `tags.name = "red"`, nil, ids("b,d")},
		{"any eq", `tags.name ?= "red"`, nil, ids("a,b,d")},
		{"every item neq (vacuous for empty)", `tags.name != "red"`, nil, ids("c,e,f,g")},
		{"any neq", `tags.name ?!= "red"`, nil, ids("a,c,e,f,g")},
		{"every gt", `tags.score > 1`, nil, ids("b,d")},
		{"any gt", `tags.score ?> 1`, nil, ids("a,b,d")},
		{"every gte", `tags.score >= 0`, nil, ids("a,b,d,f")},
		{"any lt", `tags.score ?< 1`, nil, ids("f")},
		{"any lte", `tags.score ?<= 1`, nil, ids("a,f")},
		{"any gte", `tags.score ?>= 6`, nil, ids("d")},
		{"every lte", `tags.score <= 3`, nil, ids("a,b,f")},
		{"every lt", `tags.score < 3`, nil, ids("a,f")},
		{"every like", `tags.name ~ "re"`, nil, ids("a,b,d")},
		{"any like", `tags.name ?~ "BL"`, nil, ids("f")},
		{"every not like", `tags.name !~ "r"`, nil, ids("f")},
		{"any not like", `tags.name ?!~ "red"`, nil, ids("a,f")},
		{"multi on the right", `"red" = tags.name`, nil, ids("b,d")},
		{"multi on the right gt", `2 < tags.score`, nil, ids("b,d")},
		{"multi vs multi", `tags.name = tags.name`, nil, ids("b,c,d,e,f,g")},
		{"every eq empty matches no items", `tags.name = ""`, nil, ids("c,e,g")},
		{"lower modifier", `tags.name:lower = "red"`, nil, ids("b,d")},
		{"combined with or", `tags.score = 1 || tags.name = "blue"`, nil, ids("f")},
		{"combined with and", `tags.name ?= "red" && num > 6`, nil, ids("a")},
	}
	runFilterCases(t, func() FieldResolver { return newRelResolver() }, cases)
}

func TestFilterJSONArrayDialectHelpers(t *testing.T) {
	// data: a,b,e,f objects; c NULL; d {}; g [1,2,3]
	cases := []filterCase{
		{"each any", `data:each ?= 2`, nil, ids("g")},
		{"each every", `data:each <= 3`, nil, ids("g")},
		{"each every fails on one item", `data:each < 3`, nil, ids("")},
		{"each every like", `data:each ~ "auth"`, nil, ids("a,b,e,f")},
		{"length of array", `data:length = 3`, nil, ids("g")},
		{"length of non-array", `data:length = 1`, nil, ids("a,b,d,e,f")},
		{"length of null", `data:length = 0`, nil, ids("c")},
	}
	runFilterCases(t, func() FieldResolver { return newRelResolver() }, cases)
}

func TestFilterSimpleResolverOnly(t *testing.T) {
	// the plain SimpleFieldResolver on an unqualified single-table query
	db := openTestDB(t)
	r := NewSimpleFieldResolver("id", "title", `^data\.\w+$`)
	expr, err := FilterData(`title ~ "hello" && data.auth != "zzz"`).BuildExpr(r)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := db.Select("id").From("items").Where(expr).OrderBy("id").Column(&got); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids("a,b")) {
		t.Fatalf("got %v", got)
	}

	for _, bad := range []string{"num = 1", "data = 1", "data.a.b = 1", "title:length = 1", "@request.auth.id = ''"} {
		if _, err := FilterData(bad).BuildExpr(r); err == nil || !IsUserError(err) {
			t.Errorf("%q: expected a user error, got %v", bad, err)
		}
	}
}

func TestStrftimeMultiMatch(t *testing.T) {
	// strftime over a multi-valued time argument formats each item
	db := openTestDB(t)
	if _, err := db.NewQuery(`UPDATE tags SET name = '2024-0' || score || '-01 00:00:00.000Z'`).Execute(); err != nil {
		t.Fatal(err)
	}
	// names: a=[2024-01,2024-02] b=[2024-03] d=[2024-05,2024-06] f=[2024-00 (invalid)]
	got, err := matchIDs(t, db, newRelResolver(), `strftime('%Y', tags.name) = "2024"`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids("a,b,d")) {
		t.Fatalf("every: got %v", got)
	}
	got, err = matchIDs(t, db, newRelResolver(), `strftime('%m', tags.name) ?= "06"`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids("d")) {
		t.Fatalf("any: got %v", got)
	}
	got, err = matchIDs(t, db, newRelResolver(), `strftime('%m', tags.name) > "01"`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids("b,d")) {
		t.Fatalf("every gt: got %v", got)
	}
}

func TestMacroValues(t *testing.T) {
	freezeTime(t)
	want := map[string]any{
		"@now":        "2024-02-29 12:00:00.000Z",
		"@second":     0,
		"@minute":     0,
		"@hour":       12,
		"@weekday":    4,
		"@day":        29,
		"@month":      2,
		"@year":       2024,
		"@yesterday":  "2024-02-28 12:00:00.000Z",
		"@tomorrow":   "2024-03-01 12:00:00.000Z",
		"@todayStart": "2024-02-29 00:00:00.000Z",
		"@todayEnd":   "2024-02-29 23:59:59.999Z",
		"@monthStart": "2024-02-01 00:00:00.000Z",
		"@monthEnd":   "2024-02-29 23:59:59.999Z",
		"@yearStart":  "2024-01-01 00:00:00.000Z",
		"@yearEnd":    "2024-12-31 23:59:59.999Z",
	}
	if len(want) != len(datetimeMacros) {
		t.Fatalf("expected %d macros, have %d", len(want), len(datetimeMacros))
	}
	for name, w := range want {
		got, ok := macroValue(name)
		if !ok || got != w {
			t.Errorf("%s = %v, want %v", name, got, w)
		}
	}

	// macros are computed in UTC even when the clock is in another zone
	loc := time.FixedZone("X", 5*3600)
	timeNow = func() time.Time { return time.Date(2024, 1, 1, 2, 0, 0, 0, loc) }
	if got, _ := macroValue("@now"); got != "2023-12-31 21:00:00.000Z" {
		t.Fatalf("@now in UTC: %v", got)
	}
}

func TestBuildParamsAreBound(t *testing.T) {
	db := openTestDB(t)
	expr, err := FilterData(`title = "secret value" && num > 42 && note ~ 'x%y'`).BuildExpr(newRelResolver())
	if err != nil {
		t.Fatal(err)
	}
	params := dbx.Params{}
	sql := expr.Build(db, params)
	for _, lit := range []string{"secret value", "42", "x%y"} {
		if strings.Contains(sql, lit) {
			t.Errorf("literal %q in SQL: %s", lit, sql)
		}
	}
	vals := []any{}
	for _, v := range params {
		vals = append(vals, v)
	}
	for _, want := range []any{"secret value", int64(42), "x%y"} {
		if !slices.Contains(vals, want) {
			t.Errorf("param %v missing from %v", want, params)
		}
	}
}

func TestPlaceholderParamsMerge(t *testing.T) {
	db := openTestDB(t)
	got, err := matchIDs(t, db, newRelResolver(), `id = {:a} || id = {:b}`, dbx.Params{"a": "a", "b": "zz"}, dbx.Params{"b": "b"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, ids("a,b")) {
		t.Fatalf("got %v", got)
	}
}

func TestLikeHelpers(t *testing.T) {
	cases := map[string]string{
		"abc":     "%abc%",
		"a_c":     `%a\_c%`,
		`a\_c`:    `%a\_c%`,
		`a\c`:     `%a\\c%`,
		`a\\c`:    `%a\\c%`,
		"100%":    "100%",
		`100\%`:   `%100\%%`,
		`\`:       `%\\%`,
		"":        "%%",
		`a\%b%`:   `a\%b%`,
		"%":       "%",
		"_%":      "_%",
		`x\\%`:    `x\\%`,
		`end\`:    `%end\\%`,
		"unicode": "%unicode%",
	}
	for in, want := range cases {
		got := likeParams(dbx.Params{"p": in})["p"]
		if got != want {
			t.Errorf("like(%q) = %q, want %q", in, got, want)
		}
	}
}
