package apis

import (
	"database/sql"
	"errors"
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/pocketbase/dbx"
)

func bindLogsApi(r *Router) {
	bindActivityLogger(r)
	r.GET("/api/logs", logsList)
	r.GET("/api/logs/stats", logsStats)
	r.GET("/api/logs/{id}", logsView)
}

// logFilterFields are the fields the logs filter and sort accept.
var logFilterFields = []string{"rowid", "id", "created", "level", "message", `^data\.[\w\.]+$`}

// logsResolver resolves the _logs columns (auxiliary.db is always SQLite).
func logsResolver(_ *core.App) *search.SimpleFieldResolver {
	return search.NewSimpleFieldResolver(logFilterFields...)
}

func logsList(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	logs := []*core.Log{}
	provider := search.NewProvider(logsResolver(e.App)).Query(e.App.LogQuery())
	if err := provider.Parse(e.Request.URL.RawQuery); err != nil {
		return router.NewBadRequestError("", err)
	}
	if e.Request.URL.Query().Get(search.SortQueryParam) == "" {
		provider.AddSort(search.SortField{Name: search.RowidSortKey, Direction: search.SortDesc})
	}
	result, err := provider.Exec(&logs)
	if err != nil {
		return router.NewBadRequestError("", err)
	}
	return e.JSON(http.StatusOK, result)
}

func logsStats(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	var expr dbx.Expression
	if filter := e.Request.URL.Query().Get(search.FilterQueryParam); filter != "" {
		var err error
		expr, err = search.FilterData(filter).BuildExpr(logsResolver(e.App))
		if err != nil {
			return router.NewBadRequestError("", err)
		}
	}
	stats, err := e.App.LogsStats(expr)
	if err != nil {
		return router.NewBadRequestError("Failed to generate logs stats.", err)
	}
	return e.JSON(http.StatusOK, stats)
}

func logsView(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	id := e.Request.PathValue("id")
	if id == "" {
		return router.NewNotFoundError("", nil)
	}
	l, err := e.App.FindLogById(id)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return router.NewNotFoundError("", nil)
		}
		return err
	}
	return e.JSON(http.StatusOK, l)
}
