package search_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
	_ "modernc.org/sqlite"
)

func Example() {
	dir, _ := os.MkdirTemp("", "search-example")
	defer os.RemoveAll(dir)
	db, _ := dbx.Open("sqlite", filepath.Join(dir, "logs.db"))
	defer db.Close()
	db.NewQuery(`CREATE TABLE logs (id TEXT PRIMARY KEY, level INTEGER, message TEXT, data JSON)`).Execute()
	db.NewQuery(`INSERT INTO logs VALUES
		('1', 0, 'GET /api/health', '{"status":200}'),
		('2', 8, 'boom', '{"status":500}'),
		('3', 4, 'slow GET', '{"status":200}')`).Execute()

	// only these fields (and data.* JSON paths) may be used by clients
	resolver := search.NewSimpleFieldResolver("id", "level", "message", `^data\.\w+$`)

	var rows []struct {
		ID      string `db:"id"`
		Message string `db:"message"`
	}
	res, err := search.NewProvider(resolver).
		Query(db.Select("id", "message").From("logs")).
		Filter([]search.FilterData{`message ~ "get" && data.status = 200`}).
		Sort(search.ParseSortFromString("-level")).
		PerPage(10).
		Exec(&rows)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.TotalItems, rows)

	// placeholders are only valid through FilterData.BuildExpr
	expr, _ := search.FilterData(`level >= {:min}`).BuildExpr(resolver, dbx.Params{"min": 4})
	var ids []string
	db.Select("id").From("logs").Where(expr).OrderBy("id").Column(&ids)
	fmt.Println(ids)

	_, err = search.FilterData(`password = "x"`).BuildExpr(resolver)
	fmt.Println(search.IsUserError(err))
	// Output:
	// 2 [{3 slow GET} {1 GET /api/health}]
	// [2 3]
	// true
}
