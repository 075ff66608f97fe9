package apis

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/cron"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/types"
)

// bindCronsApi lists and runs the app's cron jobs and their run history
// (superusers only).
func bindCronsApi(r *Router) {
	r.GET("/api/crons", cronsList).BindFunc(cronsRequireSuperuser)
	r.POST("/api/crons/{id}", cronsRun).BindFunc(cronsRequireSuperuser)
	r.GET("/api/crons/{id}/runs", cronRunsList).BindFunc(cronsRequireSuperuser)
}

func cronsRequireSuperuser(e *core.RequestEvent) error {
	if e.Auth == nil {
		return router.NewUnauthorizedError("The request requires valid record authorization token.", nil)
	}
	if !e.Auth.IsSuperuser() {
		return router.NewForbiddenError("The authorized record is not allowed to perform this action.", nil)
	}
	return e.Next()
}

// cronJobInfo is PocketBase's {id, expression} plus hookbase's schedule
// and history figures (extra keys, so the SDK's shape still holds).
type cronJobInfo struct {
	Id         string         `json:"id"`
	Expression string         `json:"expression"`
	NextRun    types.DateTime `json:"nextRun"`
	LastRun    *core.CronRun  `json:"lastRun"`
}

// systemJobsOrder is the order PocketBase lists its built-in jobs in
// (the order it registers them); unknown built-in jobs follow by id.
var systemJobsOrder = []string{core.CronIdDBOptimize, core.CronIdMFACleanup, core.CronIdOTPCleanup, core.CronIdLogsCleanup}

// cronsList answers the user's jobs by id, then the built-in "__pb…" jobs.
func cronsList(e *core.RequestEvent) error {
	jobs := e.App.Cron().Jobs()
	rank := func(id string) int {
		if !strings.HasPrefix(id, "__pb") {
			return -1
		}
		if i := slices.Index(systemJobsOrder, id); i >= 0 {
			return i
		}
		return len(systemJobsOrder)
	}
	slices.SortStableFunc(jobs, func(a, b *cron.Job) int {
		if c := cmp.Compare(rank(a.Id), rank(b.Id)); c != 0 {
			return c
		}
		return strings.Compare(a.Id, b.Id)
	})
	out := make([]cronJobInfo, 0, len(jobs))
	for _, job := range jobs {
		info := cronJobInfo{Id: job.Id, Expression: job.Expression}
		info.NextRun, _ = types.ParseDateTime(job.NextRun().UTC())
		runs, err := e.App.FindCronRuns(job.Id, 1, 0)
		if err != nil {
			return router.NewInternalServerError("", err)
		}
		if len(runs) > 0 {
			info.LastRun = runs[0]
		}
		out = append(out, info)
	}
	return e.JSON(http.StatusOK, out)
}

// cronRunsList pages through a job's recorded runs, newest first, in the
// usual list shape. A removed job's history stays readable.
func cronRunsList(e *core.RequestEvent) error {
	id := e.Request.PathValue("id")
	q := e.Request.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	perPage, _ := strconv.Atoi(q.Get("perPage"))
	if perPage < 1 {
		perPage = 30
	}
	if perPage > 500 {
		perPage = 500
	}
	total, err := e.App.CountCronRuns(id)
	if err != nil {
		return router.NewInternalServerError("", err)
	}
	if total == 0 && e.App.Cron().Job(id) == nil {
		return router.NewNotFoundError("Missing or invalid cron job.", nil)
	}
	items, err := e.App.FindCronRuns(id, perPage, (page-1)*perPage)
	if err != nil {
		return router.NewInternalServerError("", err)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"page":       page,
		"perPage":    perPage,
		"totalItems": total,
		"totalPages": (total + perPage - 1) / perPage,
		"items":      items,
	})
}

// cronsRun starts the job in the background and answers at once; the run
// is recorded in the history like a scheduled one.
func cronsRun(e *core.RequestEvent) error {
	job := e.App.Cron().Job(e.Request.PathValue("id"))
	if job == nil {
		return router.NewNotFoundError("Missing or invalid cron job.", nil)
	}
	go job.Run()
	return e.NoContent(http.StatusNoContent)
}
