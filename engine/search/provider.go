package search

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
)

// Provider limits and defaults (PocketBase's values).
const (
	DefaultPerPage         = 30
	MaxPerPage             = 1000
	DefaultFilterExprLimit = 200
	DefaultSortExprLimit   = 8
	// MaxFilterLength is the longest client filter a Provider accepts; rules
	// built with FilterData.BuildExpr are bounded by MaxParseLength instead.
	MaxFilterLength    = 3500
	MaxSortFieldLength = 255
)

// URL query parameters read by Provider.Parse.
const (
	PageQueryParam      = "page"
	PerPageQueryParam   = "perPage"
	SortQueryParam      = "sort"
	FilterQueryParam    = "filter"
	SkipTotalQueryParam = "skipTotal"
)

// Result is one page of a list query, serialised as PocketBase does.
type Result struct {
	Page       int `json:"page"`
	PerPage    int `json:"perPage"`
	TotalItems int `json:"totalItems"`
	TotalPages int `json:"totalPages"`
	Items      any `json:"items"`
}

// QueryScanner is an items value that loads the page query's rows itself
// (e.g. straight into records, without dbx's reflection); Exec calls
// ScanQuery instead of q.All(items).
type QueryScanner interface {
	ScanQuery(q *dbx.SelectQuery) error
}

// Provider runs a paginated, filtered and sorted list query.
type Provider struct {
	resolver       FieldResolver
	query          *dbx.SelectQuery
	countCol       string
	page           int
	perPage        int
	skipTotal      bool
	sort           []SortField
	filter         []FilterData
	maxFilterExprs int
	maxSortExprs   int
}

// NewProvider returns a Provider resolving fields with r.
//
//	res, err := search.NewProvider(resolver).
//		Query(db.Select("*").From("logs")).
//		Page(2).PerPage(50).
//		Sort(search.ParseSortFromString("-created")).
//		Filter([]search.FilterData{"level > 0"}).
//		Exec(&rows)
func NewProvider(r FieldResolver) *Provider {
	return &Provider{
		resolver:       r,
		countCol:       "id",
		page:           1,
		perPage:        DefaultPerPage,
		maxFilterExprs: DefaultFilterExprLimit,
		maxSortExprs:   DefaultSortExprLimit,
	}
}

// Query sets the base query (SELECT ... FROM table, plus any fixed WHERE).
func (p *Provider) Query(q *dbx.SelectQuery) *Provider { p.query = q; return p }

// CountCol sets the column counted with COUNT(DISTINCT ...) ("id" by default).
func (p *Provider) CountCol(col string) *Provider { p.countCol = col; return p }

// Page sets the 1-based page; values below 1 become 1 at Exec.
func (p *Provider) Page(n int) *Provider { p.page = n; return p }

// PerPage sets the page size; <= 0 means DefaultPerPage, above MaxPerPage is clamped.
func (p *Provider) PerPage(n int) *Provider { p.perPage = n; return p }

// SkipTotal skips the COUNT query; the result then has totals of -1.
func (p *Provider) SkipTotal(skip bool) *Provider { p.skipTotal = skip; return p }

// Sort replaces the sort fields.
func (p *Provider) Sort(fields []SortField) *Provider { p.sort = fields; return p }

// AddSort appends a sort field.
func (p *Provider) AddSort(f SortField) *Provider { p.sort = append(p.sort, f); return p }

// Filter replaces the filters (they are AND-ed).
func (p *Provider) Filter(filters []FilterData) *Provider { p.filter = filters; return p }

// AddFilter appends a non-empty filter.
func (p *Provider) AddFilter(f FilterData) *Provider {
	if strings.TrimSpace(string(f)) != "" {
		p.filter = append(p.filter, f)
	}
	return p
}

// MaxFilterExprLimit sets how many comparisons one filter may contain.
func (p *Provider) MaxFilterExprLimit(n int) *Provider { p.maxFilterExprs = n; return p }

// MaxSortExprLimit sets how many sort fields are allowed.
func (p *Provider) MaxSortExprLimit(n int) *Provider { p.maxSortExprs = n; return p }

// Parse reads page, perPage, sort, filter and skipTotal from a URL query
// string; sort and filter are appended to those already set.
func (p *Provider) Parse(urlQuery string) error {
	q, err := url.ParseQuery(urlQuery)
	if err != nil {
		return buildErrorf(err, "invalid query string")
	}
	if raw := q.Get(SkipTotalQueryParam); raw != "" {
		v, err := strconv.ParseBool(raw)
		if err != nil {
			return buildErrorf(err, "invalid %s", SkipTotalQueryParam)
		}
		p.SkipTotal(v)
	}
	if raw := q.Get(PageQueryParam); raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil {
			return buildErrorf(err, "invalid %s", PageQueryParam)
		}
		p.Page(v)
	}
	if raw := q.Get(PerPageQueryParam); raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil {
			return buildErrorf(err, "invalid %s", PerPageQueryParam)
		}
		p.PerPage(v)
	}
	if raw := q.Get(SortQueryParam); raw != "" {
		for _, f := range ParseSortFromString(raw) {
			p.AddSort(f)
		}
	}
	if raw := q.Get(FilterQueryParam); raw != "" {
		p.AddFilter(FilterData(raw))
	}
	return nil
}

// ParseAndExec is Parse followed by Exec.
func (p *Provider) ParseAndExec(urlQuery string, items any) (*Result, error) {
	if err := p.Parse(urlQuery); err != nil {
		return nil, err
	}
	return p.Exec(items)
}

// Exec applies filters, sorting and pagination to the base query, scans the
// page into items (a pointer to a slice) and counts the matching rows.
// Filter/sort problems are user errors (see IsUserError); database errors
// are returned as they are.
func (p *Provider) Exec(items any) (*Result, error) {
	if p.query == nil {
		return nil, ErrEmptyQuery
	}
	q := *p.query // shallow copy; only appending methods are used below

	for _, f := range p.filter {
		if len(f) > MaxFilterLength {
			return nil, ErrFilterLengthLimit
		}
		expr, err := f.BuildExprWithLimit(p.resolver, p.maxFilterExprs)
		if err != nil {
			return nil, err
		}
		q.AndWhere(expr)
	}

	if len(p.sort) > p.maxSortExprs {
		return nil, ErrSortExprLimit
	}
	info := q.Info()
	from := info.From
	// a fresh slice: appending to the base query's could write into its array
	orderBy := slices.Clone(info.OrderBy)
	for _, s := range p.sort {
		if len(s.Name) > MaxSortFieldLength {
			return nil, ErrSortFieldLengthLimit
		}
		expr, err := s.BuildExpr(p.resolver)
		if err != nil {
			return nil, err
		}
		// qualify the implicit rowid with the main table: joins have their own
		if s.Name == RowidSortKey && len(from) > 0 {
			expr = dialectOf(p.resolver).RowID(tableAlias(from[0])) + " " + s.direction()
		}
		orderBy = append(orderBy, expr)
	}
	q.OrderBy(orderBy...)

	if err := p.resolver.UpdateQuery(&q); err != nil {
		return nil, err
	}

	page, perPage := p.page, p.perPage
	if page < 1 {
		page = 1
	}
	if perPage <= 0 {
		perPage = DefaultPerPage
	} else if perPage > MaxPerPage {
		perPage = MaxPerPage
	}

	// A huge page number must not overflow the offset back into range.
	offset := int64(perPage) * int64(page-1)
	if page > 1 && offset/int64(page-1) != int64(perPage) {
		offset = math.MaxInt64
	}
	pageQuery := q // the count below works on its own copy of q
	pageQuery.Limit(int64(perPage)).Offset(offset)

	// The count and the page are independent reads: like PocketBase, run
	// them at the same time (each on its own pooled connection).
	totalItems, totalPages := -1, -1
	var (
		count    int64
		countErr error
		counted  = make(chan struct{})
	)
	if p.skipTotal {
		close(counted)
	} else {
		countCol := p.countCol
		if len(from) > 0 && !strings.Contains(countCol, ".") {
			countCol = tableAlias(from[0]) + "." + countCol
		}
		// Without DISTINCT every row is one item, so the much cheaper
		// COUNT(*) is exact (COUNT(DISTINCT) sorts every matching row).
		countExpr := "COUNT(*)"
		if q.Info().Distinct {
			countExpr = "COUNT(DISTINCT [[" + countCol + "]])"
		}
		cq := q // the copy keeps the filters and joins but not the ORDER BY
		cq.Distinct(false).Select(countExpr).OrderBy()
		go func() {
			defer close(counted)
			defer func() {
				if r := recover(); r != nil {
					countErr = fmt.Errorf("search: count query panicked: %v", r)
				}
			}()
			countErr = cq.Row(&count)
		}()
	}
	var pageErr error
	if s, ok := items.(QueryScanner); ok {
		pageErr = s.ScanQuery(&pageQuery)
	} else {
		pageErr = pageQuery.All(items)
	}
	<-counted
	if pageErr != nil {
		return nil, pageErr
	}
	if countErr != nil {
		return nil, countErr
	}
	if !p.skipTotal {
		totalItems = int(count)
		totalPages = int(math.Ceil(float64(count) / float64(perPage)))
	}

	return &Result{Page: page, PerPage: perPage, TotalItems: totalItems, TotalPages: totalPages, Items: items}, nil
}

// tableAlias returns the name a FROM item is referenced by ("posts p" -> "p").
func tableAlias(from string) string {
	f := strings.Fields(strings.NewReplacer("{{", "", "}}", "", "`", "", `"`, "").Replace(from))
	if len(f) == 0 {
		return from
	}
	return f[len(f)-1]
}
