package core

import (
	"context"
	"testing"
)

func TestCreateManyRunsHooksPerModelAndInsertsInChunks(t *testing.T) {
	app := newTestApp(t)
	var dropped, succeeded int
	app.OnModelCreate(LogsTableName).BindFunc(func(e *ModelEvent) error {
		if e.Model.(*Log).Message == "drop me" {
			dropped++
			return nil // skipping e.Next() drops the row
		}
		return e.Next()
	})
	app.OnModelAfterCreateSuccess(LogsTableName).BindFunc(func(e *ModelEvent) error {
		succeeded++
		return e.Next()
	})

	var models []ColumnValuer
	for i := 0; i < 2*rowsPerInsert+7; i++ {
		msg := "row"
		if i == 5 {
			msg = "drop me"
		}
		models = append(models, NewLog(0, msg, map[string]any{"i": i}))
	}
	err := app.AuxRunInTransaction(func(txApp *App) error {
		return txApp.CreateMany(context.Background(), models)
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := app.AuxDB().NewQuery("SELECT count(*) FROM _logs WHERE message = 'row'").Row(&n); err != nil {
		t.Fatal(err)
	}
	if want := 2*rowsPerInsert + 6; n != want || succeeded != want || dropped != 1 {
		t.Fatalf("stored %d, succeeded %d, dropped %d; want %d stored", n, succeeded, dropped, want)
	}
	var data string
	_ = app.AuxDB().NewQuery("SELECT data FROM _logs WHERE json_extract(data, '$.i') = 42").Row(&data)
	if data != `{"i":42}` {
		t.Fatalf("row data %q", data)
	}
}
