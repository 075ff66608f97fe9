package apis

import (
	"errors"
	"net/http"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/labstack/echo/v4"
)

// Activity logger middleware id and priority (runs before the auth loader
// and the rate limiter so that their errors are logged too).
const (
	DefaultActivityLoggerMiddlewareId       = "pbActivityLogger"
	DefaultActivityLoggerMiddlewarePriority = -1040
	// DefaultBatchInternalMiddlewarePriority runs before everything so
	// that batch sub-requests carry the transaction app from the start.
	DefaultBatchInternalMiddlewarePriority = -1100
)

const skipSuccessActivityLogKey = "__hbSkipSuccessActivityLog"

// SkipSuccessActivityLog makes the activity logger record only failed
// requests of a route.
func SkipSuccessActivityLog() *core.Middleware {
	return &core.Middleware{
		Id: "pbSkipSuccessActivityLog",
		Func: func(e *core.RequestEvent) error {
			e.Set(skipSuccessActivityLogKey, true)
			return e.Next()
		},
	}
}

// bindActivityLogger installs the request logger on every route.
func bindActivityLogger(r *Router) {
	r.Use(activityLogger())
}

// activityLogger queues one `_logs` row per request (written in batches
// by core.LogsWriter, so logging adds no database work to the request).
func activityLogger() *core.Middleware {
	return &core.Middleware{
		Id:       DefaultActivityLoggerMiddlewareId,
		Priority: DefaultActivityLoggerMiddlewarePriority,
		Func: func(e *core.RequestEvent) error {
			start := time.Now()
			err := e.Next()
			if e.IsInternalRequest() {
				return err
			}
			cfg := e.App.Settings().Logs
			if cfg.MaxDays <= 0 {
				return err
			}
			status := responseStatus(e, err)
			if err == nil && status < 400 {
				if skip, _ := e.Get(skipSuccessActivityLogKey).(bool); skip {
					return err
				}
			}
			level := core.LogLevelInfo
			if err != nil || status >= 400 {
				level = core.LogLevelError
			}
			if level < cfg.MinLevel {
				return err
			}
			req := e.Request
			uri := req.URL.RequestURI()
			// sized for every key below, so the map is allocated once
			data := make(map[string]any, 14)
			data["type"] = "request"
			data["method"] = req.Method
			data["url"] = uri
			data["status"] = status
			data["execTime"] = float64(time.Since(start).Microseconds()) / 1000
			data["referer"] = req.Referer()
			data["userAgent"] = req.UserAgent()
			data["auth"] = ""
			if id := core.RequestIdFromContext(req.Context()); id != "" {
				data["requestId"] = id
			}
			if e.Auth != nil {
				data["auth"] = e.Auth.Collection().Name
				if cfg.LogAuthId {
					data["authId"] = e.Auth.Id
				}
			}
			if cfg.LogIP {
				data["userIP"] = e.RealIP()
				data["remoteIP"] = e.RemoteIP()
			}
			if err != nil {
				data["error"] = toApiError(err).Message
				if e.App.IsDev() {
					data["details"] = err.Error()
				}
			}
			e.App.LogsWriter().Add(core.NewLog(level, req.Method+" "+uri, data))
			return err
		},
	}
}

// responseStatus is the status sent (or about to be sent for an error).
func responseStatus(e *core.RequestEvent, err error) int {
	if w, ok := e.Response.(*echo.Response); ok && w.Committed {
		return w.Status
	}
	if w, ok := e.Response.(interface{ Status() int }); ok && w.Status() > 0 {
		return w.Status()
	}
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return he.Code
		}
		return toApiError(err).Status
	}
	return http.StatusOK
}
