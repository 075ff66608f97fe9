package core

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pocketbase/dbx"
)

// Loading records through dbx's All into []dbx.NullStringMap costs, per
// row, a map, a NullString and a scan slice per column, a fresh copy of the
// column names and reflection; on a 30-row page that was about as much CPU as
// SQLite's own stepping. scanRecords reads the rows straight into one
// reused []sql.NullString and builds each record from it, with the same
// values newRecordFromRow gives.

// scanRecords runs q and loads its rows as records of c. It applies the
// app's query timeout as the timeout builder's exec hook would (Rows() does
// not run exec hooks).
func (app *App) scanRecords(c *Collection, sq *dbx.SelectQuery) ([]*Record, error) {
	return app.scanRecordsQuery(c, sq.Build())
}

// scanRecordsQuery is scanRecords for a built query.
func (app *App) scanRecordsQuery(c *Collection, q *dbx.Query) ([]*Record, error) {
	if t := app.config.QueryTimeout; t > 0 {
		ctx := q.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		if _, has := ctx.Deadline(); !has {
			ctx, cancel := context.WithTimeout(ctx, t)
			defer cancel()
			q.WithContext(ctx)
		}
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("record columns: %w", err)
	}
	dest := make([]sql.NullString, len(cols))
	refs := make([]any, len(cols))
	for i := range dest {
		refs[i] = &dest[i]
	}
	// fieldCol[i] is the column of c.Fields[i] (the last one of that name,
	// as a NullStringMap would keep), -1 when the row lacks it.
	fieldCol := make([]int, len(c.Fields))
	for i, f := range c.Fields {
		fieldCol[i] = -1
		for j, col := range cols {
			if col == f.GetName() {
				fieldCol[i] = j
			}
		}
	}
	out := []*Record{}
	for rows.Next() {
		if err := rows.Scan(refs...); err != nil {
			return nil, fmt.Errorf("record row: %w", err)
		}
		out = append(out, newRecordFromColumns(c, fieldCol, dest))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}

// newRecordFromColumns is newRecordFromRow for a scanned row: fieldCol maps
// each field of c to its column in dest.
func newRecordFromColumns(c *Collection, fieldCol []int, dest []sql.NullString) *Record {
	// the original values are filled in the same pass (what markSaved's
	// clone would give, without walking the map again)
	r := &Record{collection: c, data: make(map[string]any, len(c.Fields)), original: make(map[string]any, len(c.Fields))}
	for i, f := range c.Fields {
		name := f.GetName()
		var raw any
		if j := fieldCol[i]; j >= 0 && dest[j].Valid {
			raw = dest[j].String
		}
		if name == FieldNameId {
			r.Id, _ = raw.(string)
			continue
		}
		v, _ := f.PrepareValue(r, raw)
		r.data[name] = v
		if list, ok := v.([]string); ok {
			v = append([]string(nil), list...)
		}
		r.original[name] = v
	}
	r.MarkAsNotNew()
	return r
}

// RecordsScanner loads a list page straight into records (see
// search.QueryScanner): pass it as the provider's items.
type RecordsScanner struct {
	App        *App
	Collection *Collection
	Records    []*Record
}

// ScanQuery runs q and keeps its rows as records.
func (s *RecordsScanner) ScanQuery(q *dbx.SelectQuery) error {
	records, err := s.App.scanRecords(s.Collection, q)
	if err != nil {
		return err
	}
	s.Records = records
	return nil
}
