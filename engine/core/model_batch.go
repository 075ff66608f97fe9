package core

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
)

// rowsPerInsert bounds one multi-row INSERT (SQLite allows 32766 params).
const rowsPerInsert = 100

// CreateMany stores new plain models (e.g. log rows) in bulk: each model
// goes through OnModelCreate and OnModelCreateExecute as with Save (a
// handler that skips e.Next() drops it), but the INSERTs run afterwards as
// a few multi-row statements instead of one statement per row, and
// OnModelAfterCreateSuccess fires once they are done. Work placed after
// e.Next() in an execute hook therefore runs before the row is written.
func (app *App) CreateMany(ctx context.Context, models []ColumnValuer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	type pending struct {
		model  ColumnValuer
		values map[string]any
		event  *ModelEvent
	}
	var rows []pending
	for _, m := range models {
		if !m.IsNew() {
			return errors.New("CreateMany takes only new models")
		}
		event := &ModelEvent{App: app, Context: ctx, Type: ModelEventTypeCreate, Model: m}
		err := app.OnModelCreate().Trigger(event, func(e *ModelEvent) error {
			return e.App.OnModelCreateExecute().Trigger(e, func(e *ModelEvent) error {
				rows = append(rows, pending{model: m, values: m.ColumnValues(), event: e})
				return e.Next()
			})
		})
		if err != nil {
			return err
		}
	}

	// Group by table and column set; each group becomes chunked INSERTs.
	groups := map[string][]int{}
	var order []string
	for i, r := range rows {
		cols := sortedKeys(r.values)
		key := r.model.TableName() + "\x00" + strings.Join(cols, "\x00")
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], i)
	}
	for _, key := range order {
		idx := groups[key]
		parts := strings.Split(key, "\x00")
		table, cols := parts[0], parts[1:]
		for start := 0; start < len(idx); start += rowsPerInsert {
			end := min(start+rowsPerInsert, len(idx))
			params := dbx.Params{}
			var sql strings.Builder
			sql.WriteString("INSERT INTO " + quoteIdent(table) + " (")
			for i, c := range cols {
				if i > 0 {
					sql.WriteString(", ")
				}
				sql.WriteString(quoteIdent(c))
			}
			sql.WriteString(") VALUES ")
			for n, rowIdx := range idx[start:end] {
				if n > 0 {
					sql.WriteString(", ")
				}
				sql.WriteString("(")
				for i, c := range cols {
					if i > 0 {
						sql.WriteString(", ")
					}
					name := "r" + strconv.Itoa(n) + "c" + strconv.Itoa(i)
					sql.WriteString("{:" + name + "}")
					v, err := toDriverValue(rows[rowIdx].values[c])
					if err != nil {
						return err
					}
					params[name] = v
				}
				sql.WriteString(")")
			}
			if _, err := app.builderFor(table).NewQuery(sql.String()).Bind(params).WithContext(ctx).Execute(); err != nil {
				return err
			}
		}
	}

	var errs []error
	for _, r := range rows {
		r.model.MarkAsNotNew()
		errs = append(errs, app.OnModelAfterCreateSuccess().Trigger(r.event))
	}
	return errors.Join(errs...)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
