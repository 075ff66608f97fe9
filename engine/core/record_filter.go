package core

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
)

// FindRecordsByFilter returns the records of a collection matching filter
// (PocketBase's filter grammar, with {:name} placeholders filled from
// params), ordered by sort ("-created,title"), with optional limit and
// offset (<= 0 means none). It runs as $app does: hidden fields are
// allowed and there is no request, so @request.* is NULL.
//
//	app.FindRecordsByFilter("posts", "status = {:s} && author.name ~ 'jo'", "-created", 10, 0, dbx.Params{"s": "active"})
func (app *App) FindRecordsByFilter(collectionModelOrIdentifier any, filter string, sort string, limit int, offset int, params ...dbx.Params) ([]*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	q, err := app.recordFilterQuery(c, filter, sort, params...)
	if err != nil {
		return nil, err
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	if offset > 0 {
		q.Offset(int64(offset))
	}
	return app.fetchRecords(c, q)
}

// FindFirstRecordByFilter returns the first record matching filter, or
// sql.ErrNoRows.
func (app *App) FindFirstRecordByFilter(collectionModelOrIdentifier any, filter string, params ...dbx.Params) (*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(filter) == "" {
		return nil, search.ErrEmptyFilter
	}
	q, err := app.recordFilterQuery(c, filter, "", params...)
	if err != nil {
		return nil, err
	}
	list, err := app.fetchRecords(c, q.Limit(1))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sql.ErrNoRows
	}
	return list[0], nil
}

// CountRecordsByFilter counts the records matching filter (an empty filter
// counts all).
func (app *App) CountRecordsByFilter(collectionModelOrIdentifier any, filter string, params ...dbx.Params) (int64, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return 0, err
	}
	q, err := app.recordFilterQuery(c, filter, "", params...)
	if err != nil {
		return 0, err
	}
	var n int64
	// DISTINCT: relation joins may repeat a record
	err = q.Distinct(false).Select("COUNT(DISTINCT " + col(c.Name, FieldNameId) + ")").Row(&n)
	return n, err
}

// recordFilterQuery is a RecordQuery with the filter, sort and joins applied.
func (app *App) recordFilterQuery(c *Collection, filter, sort string, params ...dbx.Params) (*dbx.SelectQuery, error) {
	if !isSafeIdentifier(c.Name) {
		return nil, errors.New("invalid collection name")
	}
	q := app.RecordQuery(c)
	resolver := NewRecordFieldResolver(app, c, nil, true)
	if strings.TrimSpace(filter) != "" {
		expr, err := search.FilterData(filter).BuildExpr(resolver, params...)
		if err != nil {
			return nil, err
		}
		q.AndWhere(expr)
	}
	for _, s := range search.ParseSortFromString(sort) {
		if s.Name == search.RowidSortKey {
			// qualify: joined tables have their own rowid
			q.AndOrderBy(search.SQLite.RowID(c.Name) + " " + strings.ToUpper(sortDirection(s)))
			continue
		}
		expr, err := s.BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		q.AndOrderBy(expr)
	}
	if err := resolver.UpdateQuery(q); err != nil {
		return nil, err
	}
	return q, nil
}

func sortDirection(s search.SortField) string {
	if strings.EqualFold(s.Direction, search.SortDesc) {
		return search.SortDesc
	}
	return search.SortAsc
}
