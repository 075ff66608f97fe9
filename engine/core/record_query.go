package core

import (
	"database/sql"
	"fmt"

	"github.com/pocketbase/dbx"
)

// RecordQuery starts a SELECT of a collection's rows; run it with
// FindRecordsByQuery (or .All/.One into dbx maps).
func (app *App) RecordQuery(collectionModelOrIdentifier any) *dbx.SelectQuery {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		// An unknown collection yields a query that fails with that error.
		return app.DB().Select("*").From("_hb_missing_collection_").AndWhere(dbx.NewExp("1=0"))
	}
	return app.DB().Select(quoteIdent(c.Name) + ".*").From(c.Name).WithBuildHook(recordQueryBuildHook(c))
}

// FindRecordsByQuery runs a RecordQuery and loads the records.
func (app *App) FindRecordsByQuery(collectionModelOrIdentifier any, q *dbx.SelectQuery) ([]*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	return app.fetchRecords(c, q)
}

func (app *App) fetchRecords(c *Collection, q *dbx.SelectQuery) ([]*Record, error) {
	return app.scanRecords(c, q)
}

// newRecordFromRow builds a stored record from a raw row.
func newRecordFromRow(c *Collection, row dbx.NullStringMap) *Record {
	r := &Record{collection: c, data: make(map[string]any, len(c.Fields))}
	for _, f := range c.Fields {
		name := f.GetName()
		var raw any
		if v, ok := row[name]; ok && v.Valid {
			raw = v.String
		}
		if name == FieldNameId {
			r.Id, _ = raw.(string)
			continue
		}
		v, _ := f.PrepareValue(r, raw)
		r.data[name] = v
	}
	r.markSaved()
	return r
}

// NewRecordFromNullStringMap exposes newRecordFromRow for other packages
// that run their own SELECTs (e.g. the records list API).
func NewRecordFromNullStringMap(c *Collection, row dbx.NullStringMap) *Record {
	return newRecordFromRow(c, row)
}

// FindRecordById returns one record; optFilters may narrow the query
// (e.g. an API rule), a miss is sql.ErrNoRows.
func (app *App) FindRecordById(collectionModelOrIdentifier any, recordId string, optFilters ...func(q *dbx.SelectQuery) error) (*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	if recordId == "" {
		return nil, sql.ErrNoRows
	}
	if !hasFilter(optFilters) {
		// The common case (a view without a rule, a relation lookup) needs no
		// query builder: its SQL is fixed per collection.
		return app.findRecordByIdPlain(c, recordId)
	}
	q := app.RecordQuery(c).AndWhere(dbx.HashExp{c.Name + ".id": recordId}).Limit(1)
	for _, filter := range optFilters {
		if filter == nil {
			continue
		}
		if err := filter(q); err != nil {
			return nil, err
		}
	}
	list, err := app.fetchRecords(c, q)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sql.ErrNoRows
	}
	return list[0], nil
}

func hasFilter(filters []func(q *dbx.SelectQuery) error) bool {
	for _, f := range filters {
		if f != nil {
			return true
		}
	}
	return false
}

// findRecordByIdPlain loads one record by id with the statement
// RecordQuery would build, written out (collection names are identifiers).
func (app *App) findRecordByIdPlain(c *Collection, recordId string) (*Record, error) {
	table := quoteIdent(c.Name)
	q := app.DB().NewQuery("SELECT " + table + ".* FROM " + table + " WHERE " + table + ".`id`={:id} LIMIT 1").
		Bind(dbx.Params{"id": recordId})
	list, err := app.scanRecordsQuery(c, q)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sql.ErrNoRows
	}
	return list[0], nil
}

// FindRecordsByIds returns the records with the ids (in no particular order).
func (app *App) FindRecordsByIds(collectionModelOrIdentifier any, recordIds []string, optFilters ...func(q *dbx.SelectQuery) error) ([]*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	if len(recordIds) == 0 {
		return []*Record{}, nil
	}
	ids := make([]any, len(recordIds))
	for i, id := range recordIds {
		ids[i] = id
	}
	q := app.RecordQuery(c).AndWhere(dbx.In(c.Name+".id", ids...))
	for _, filter := range optFilters {
		if filter == nil {
			continue
		}
		if err := filter(q); err != nil {
			return nil, err
		}
	}
	return app.fetchRecords(c, q)
}

// FindAllRecords returns the records matching every expression.
func (app *App) FindAllRecords(collectionModelOrIdentifier any, exprs ...dbx.Expression) ([]*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	q := app.RecordQuery(c)
	for _, e := range exprs {
		if e != nil {
			q.AndWhere(e)
		}
	}
	return app.fetchRecords(c, q)
}

// FindFirstRecordByData returns the first record whose field equals value.
func (app *App) FindFirstRecordByData(collectionModelOrIdentifier any, key string, value any) (*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	if key != FieldNameId && c.Fields.GetByName(key) == nil {
		return nil, fmt.Errorf("unknown field %q", key)
	}
	list, err := app.fetchRecords(c, app.RecordQuery(c).AndWhere(dbx.HashExp{c.Name + "." + key: value}).Limit(1))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sql.ErrNoRows
	}
	return list[0], nil
}

// CountRecords counts the records matching every expression.
func (app *App) CountRecords(collectionModelOrIdentifier any, exprs ...dbx.Expression) (int64, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return 0, err
	}
	q := app.DB().Select("count(*)").From(c.Name)
	for _, e := range exprs {
		if e != nil {
			q.AndWhere(e)
		}
	}
	var n int64
	err = q.Row(&n)
	return n, err
}
