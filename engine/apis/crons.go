package apis

import (
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
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

func cronsList(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, e.App.Cron().Jobs())
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
