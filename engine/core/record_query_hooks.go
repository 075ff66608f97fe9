package core

import (
	"fmt"
	"reflect"

	"github.com/pocketbase/dbx"
)

// recordQueryBuildHook lets a RecordQuery fill *Record and []*Record
// targets directly (`$app.recordQuery("posts").all(arrayOf(new Record))` in
// JS hooks, as in PocketBase); other targets are scanned as usual.
func recordQueryBuildHook(c *Collection) dbx.BuildHookFunc {
	return func(q *dbx.Query) {
		q.WithOneHook(func(q *dbx.Query, a any, op func(b any) error) error {
			record, ok := a.(*Record)
			if !ok {
				return op(a)
			}
			row := dbx.NullStringMap{}
			if err := op(&row); err != nil {
				return err
			}
			*record = *newRecordFromRow(c, row)
			return nil
		})
		q.WithAllHook(func(q *dbx.Query, sliceA any, op func(sliceB any) error) error {
			switch target := sliceA.(type) {
			case *[]*Record:
				var rows []dbx.NullStringMap
				if err := op(&rows); err != nil {
					return err
				}
				out := make([]*Record, len(rows))
				for i, row := range rows {
					out[i] = newRecordFromRow(c, row)
				}
				*target = out
				return nil
			case *[]Record:
				var rows []dbx.NullStringMap
				if err := op(&rows); err != nil {
					return err
				}
				out := make([]Record, len(rows))
				for i, row := range rows {
					out[i] = *newRecordFromRow(c, row)
				}
				*target = out
				return nil
			}
			if v := reflect.ValueOf(sliceA); v.Kind() != reflect.Pointer {
				return fmt.Errorf("record query: All needs a pointer to a slice, got %T", sliceA)
			}
			return op(sliceA)
		})
	}
}
