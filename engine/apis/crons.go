package apis

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/cron"
	"github.com/hookbase/hookbase/engine/tools/router"
)

// bindCronsApi lists and runs the app's cron jobs (superusers only).
func bindCronsApi(r *Router) {
	r.GET("/api/crons", cronsList).BindFunc(cronsRequireSuperuser)
	r.POST("/api/crons/{id}", cronsRun).BindFunc(cronsRequireSuperuser)
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
	return e.JSON(http.StatusOK, jobs)
}

// cronsRun starts the job in the background and answers at once.
func cronsRun(e *core.RequestEvent) error {
	job := e.App.Cron().Job(e.Request.PathValue("id"))
	if job == nil {
		return router.NewNotFoundError("Missing or invalid cron job.", nil)
	}
	logger := e.App.Logger()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				logger.Error("cron job panicked", "id", job.Id, "panic", r)
			}
		}()
		job.Run()
	}()
	return e.NoContent(http.StatusNoContent)
}
