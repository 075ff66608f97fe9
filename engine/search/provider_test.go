package search

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
)

type itemRow struct {
	ID    string  `db:"id"`
	Title *string `db:"title"`
}

func rowIDs(rows []itemRow) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

func TestParseSortFromString(t *testing.T) {
	cases := map[string][]SortField{
		"":                  nil,
		"title":             {{"title", SortAsc}},
		"-created, +title":  {{"created", SortDesc}, {"title", SortAsc}},
		"@random,-@rowid,,": {{"@random", SortAsc}, {"@rowid", SortDesc}},
		" - a ":             {{"a", SortDesc}},
	}
	for in, want := range cases {
		if got := ParseSortFromString(in); !reflect.DeepEqual(got, want) {
			t.Errorf("ParseSortFromString(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSortFieldBuildExpr(t *testing.T) {
	r := NewSimpleFieldResolver("title", `^data\.\w+$`)
	cases := []struct {
		field SortField
		want  string
	}{
		{SortField{"title", SortAsc}, "[[title]] ASC"},
		{SortField{"title", "desc"}, "[[title]] DESC"},
		{SortField{"title", "bogus"}, "[[title]] ASC"},
		{SortField{"data.auth", SortDesc}, "JSON_EXTRACT([[data]], '$.auth') DESC"},
		{SortField{"title:lower", SortAsc}, "LOWER([[title]]) ASC"},
		{SortField{"@random", SortDesc}, "RANDOM()"},
		{SortField{"@rowid", SortDesc}, "[[_rowid_]] DESC"},
	}
	for _, tc := range cases {
		got, err := tc.field.BuildExpr(r)
		if err != nil || got != tc.want {
			t.Errorf("%v: got %q, %v; want %q", tc.field, got, err, tc.want)
		}
	}

	for _, bad := range []SortField{
		{"nope", SortAsc}, {"", SortAsc}, {"title; DROP TABLE items", SortAsc},
		{strings.Repeat("a", MaxSortFieldLength+1), SortAsc},
	} {
		if _, err := bad.BuildExpr(r); err == nil || !IsUserError(err) {
			t.Errorf("%v: expected a user error, got %v", bad, err)
		}
	}

	// identifiers that resolve to bound values (e.g. @request.*) cannot sort
	if _, err := (SortField{"x", SortAsc}).BuildExpr(paramResolver{}); err == nil {
		t.Error("sorting by a bound value should fail")
	}
}

// paramResolver resolves everything to a bound value.
type paramResolver struct{}

func (paramResolver) Resolve(string) (*ResolverResult, error) {
	return &ResolverResult{Identifier: "{:pr}", Params: dbx.Params{"pr": "v"}}, nil
}
func (paramResolver) UpdateQuery(*dbx.SelectQuery) error { return nil }

func TestProviderPagination(t *testing.T) {
	db := openTestDB(t)
	base := func() *dbx.SelectQuery { return db.Select("items.*").From("items") }

	cases := []struct {
		name                 string
		page, perPage        int
		skipTotal            bool
		wantPage, wantPer    int
		wantTotal, wantPages int
		wantIDs              string
	}{
		{"defaults", 0, 0, false, 1, DefaultPerPage, 7, 1, "a,b,c,d,e,f,g"},
		{"second page", 2, 2, false, 2, 2, 7, 4, "c,d"},
		{"last partial page", 4, 2, false, 4, 2, 7, 4, "g"},
		{"beyond the last page", 9, 2, false, 9, 2, 7, 4, ""},
		{"negative page", -3, 3, false, 1, 3, 7, 3, "a,b,c"},
		{"perPage clamped", 1, 5000, false, 1, MaxPerPage, 7, 1, "a,b,c,d,e,f,g"},
		{"negative perPage", 1, -1, false, 1, DefaultPerPage, 7, 1, "a,b,c,d,e,f,g"},
		{"skipTotal", 1, 3, true, 1, 3, -1, -1, "a,b,c"},
		{"huge page does not overflow back into range", math.MaxInt64, 2, false, math.MaxInt64, 2, 7, 4, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var rows []itemRow
			res, err := NewProvider(newRelResolver()).
				Query(base()).
				Page(tc.page).
				PerPage(tc.perPage).
				SkipTotal(tc.skipTotal).
				Sort([]SortField{{"id", SortAsc}}).
				Exec(&rows)
			if err != nil {
				t.Fatal(err)
			}
			if res.Page != tc.wantPage || res.PerPage != tc.wantPer || res.TotalItems != tc.wantTotal || res.TotalPages != tc.wantPages {
				t.Fatalf("got %+v", res)
			}
			if got := rowIDs(rows); !slices.Equal(got, ids(tc.wantIDs)) {
				t.Fatalf("ids %v, want %v", got, tc.wantIDs)
			}
		})
	}
}

func TestProviderFilterSortAndDistinctCount(t *testing.T) {
	db := openTestDB(t)
	var rows []itemRow
	// d has two red tags: the join duplicates it, the count must not
	res, err := NewProvider(newRelResolver()).
		Query(db.Select("items.*").From("items")).
		Filter([]FilterData{`tags.name ?= "red"`}).
		AddFilter("").
		AddFilter("num > 0 || num = null").
		Sort(ParseSortFromString("-num,id")).
		Exec(&rows)
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalItems != 3 || res.TotalPages != 1 {
		t.Fatalf("got %+v", res)
	}
	if got := rowIDs(rows); !slices.Equal(got, ids("a,b,d")) {
		t.Fatalf("ids %v", got)
	}

	// sorting by a multi-valued path through the same join
	rows = nil
	if _, err := NewProvider(newRelResolver()).
		Query(db.Select("items.id").From("items")).
		Filter([]FilterData{`tags.name ?= "blue" || id = "b"`}).
		Sort(ParseSortFromString("tags.name")).
		Exec(&rows); err != nil {
		t.Fatal(err)
	}
	if got := rowIDs(rows); !slices.Equal(got, ids("f,b")) {
		t.Fatalf("sorted by tags.name: %v", got)
	}
}

func TestProviderSpecialSorts(t *testing.T) {
	db := openTestDB(t)
	var rows []itemRow
	if _, err := NewProvider(newRelResolver()).
		Query(db.Select("items.*").From("items")).
		Sort(ParseSortFromString("-@rowid")).
		Exec(&rows); err != nil {
		t.Fatal(err)
	}
	if got := rowIDs(rows); !slices.Equal(got, ids("g,f,e,d,c,b,a")) {
		t.Fatalf("-@rowid: %v", got)
	}

	rows = nil
	res, err := NewProvider(newRelResolver()).
		Query(db.Select("items.*").From("items")).
		Sort(ParseSortFromString("@random")).
		Exec(&rows)
	if err != nil || len(rows) != 7 || res.TotalItems != 7 {
		t.Fatalf("@random: %v %d %+v", err, len(rows), res)
	}
}

func TestProviderParse(t *testing.T) {
	db := openTestDB(t)
	var rows []itemRow
	res, err := NewProvider(newRelResolver()).
		Query(db.Select("items.*").From("items")).
		ParseAndExec("page=2&perPage=2&sort=-id&filter="+
			"num%20%3E%200&skipTotal=false", &rows)
	if err != nil {
		t.Fatal(err)
	}
	// num > 0: a,b,f,g sorted desc: g,f,b,a; page 2 -> b,a
	if res.Page != 2 || res.PerPage != 2 || res.TotalItems != 4 || res.TotalPages != 2 {
		t.Fatalf("got %+v", res)
	}
	if got := rowIDs(rows); !slices.Equal(got, ids("b,a")) {
		t.Fatalf("ids %v", got)
	}

	for _, bad := range []string{"page=x", "perPage=1.5", "skipTotal=maybe", "%zz"} {
		if err := NewProvider(newRelResolver()).Parse(bad); err == nil || !IsUserError(err) {
			t.Errorf("Parse(%q): expected a user error, got %v", bad, err)
		}
	}
}

func TestProviderErrors(t *testing.T) {
	db := openTestDB(t)
	base := func() *dbx.SelectQuery { return db.Select("items.*").From("items") }
	var rows []itemRow

	if _, err := NewProvider(newRelResolver()).Exec(&rows); !errors.Is(err, ErrEmptyQuery) {
		t.Errorf("no query: %v", err)
	}

	userErrs := map[string]*Provider{
		"bad filter":       NewProvider(newRelResolver()).Query(base()).AddFilter("title = "),
		"unknown field":    NewProvider(newRelResolver()).Query(base()).AddFilter("secret = 1"),
		"unknown sort":     NewProvider(newRelResolver()).Query(base()).Sort(ParseSortFromString("secret")),
		"too many sorts":   NewProvider(newRelResolver()).Query(base()).MaxSortExprLimit(1).Sort(ParseSortFromString("id,title")),
		"too many exprs":   NewProvider(newRelResolver()).Query(base()).MaxFilterExprLimit(1).AddFilter("id = 'a' || id = 'b'"),
		"filter too long":  NewProvider(newRelResolver()).Query(base()).AddFilter(FilterData("id = '" + strings.Repeat("x", MaxFilterLength) + "'")),
		"sort too long":    NewProvider(newRelResolver()).Query(base()).AddSort(SortField{strings.Repeat("a", MaxSortFieldLength+1), SortAsc}),
		"missing param":    NewProvider(newRelResolver()).Query(base()).AddFilter("id = {:x}"),
		"injection filter": NewProvider(newRelResolver()).Query(base()).AddFilter("id = 'a'; DROP TABLE items; --"),
	}
	for name, p := range userErrs {
		if _, err := p.Exec(&rows); err == nil || !IsUserError(err) {
			t.Errorf("%s: expected a user error, got %v", name, err)
		}
	}

	// the table survived the attempts
	var n int
	if err := db.Select("COUNT(*)").From("items").Row(&n); err != nil || n != 7 {
		t.Fatalf("items table damaged: %d %v", n, err)
	}
}

func TestProviderDoesNotMutateBaseQuery(t *testing.T) {
	db := openTestDB(t)
	base := db.Select("items.*").From("items").OrderBy("items.id")
	for i := 0; i < 3; i++ {
		var rows []itemRow
		if _, err := NewProvider(newRelResolver()).Query(base).AddFilter("num > 0").Sort(ParseSortFromString("-title")).Exec(&rows); err != nil {
			t.Fatal(err)
		}
	}
	info := base.Info()
	if len(info.OrderBy) != 1 || info.Where != nil {
		t.Fatalf("base query changed: %+v %v", info.OrderBy, info.Where)
	}
}

func TestResultJSON(t *testing.T) {
	raw, err := json.Marshal(&Result{Page: 1, PerPage: 30, TotalItems: -1, TotalPages: -1, Items: []int{}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"page":1,"perPage":30,"totalItems":-1,"totalPages":-1,"items":[]}`
	if string(raw) != want {
		t.Fatalf("got %s", raw)
	}
}
