package apis

import (
	"database/sql"
	"errors"
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/labstack/echo/v4"
)

// errorHandler answers every error in PocketBase's shape; unknown errors
// are logged and answered generically (details only in --dev).
func errorHandler(app *core.App) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			if app.IsDev() {
				app.Logger().Debug("error after the response was sent", "error", err)
			}
			return
		}
		apiErr := toApiError(err)
		if apiErr.Status >= 500 || app.IsDev() {
			app.Logger().Error("request failed", "method", c.Request().Method, "url", c.Request().URL.String(), "status", apiErr.Status, "error", err)
		}
		if apiErr.Status == http.StatusNotFound {
			c.Response().Header().Del(echo.HeaderAllow) // set by echo's 405 handler
		}
		if c.Request().Method == http.MethodHead {
			c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
			_ = c.NoContent(apiErr.Status)
			return
		}
		_ = c.JSON(apiErr.Status, apiErr)
	}
}

func toApiError(err error) *router.ApiError {
	var echoErr *echo.HTTPError
	if errors.As(err, &echoErr) {
		switch echoErr.Code {
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			// PocketBase's mux ends in a catch-all route, so a method that a
			// known path doesn't serve is a plain 404 there, not a 405
			return router.NewNotFoundError("", nil)
		case http.StatusRequestEntityTooLarge:
			return router.NewApiError(http.StatusRequestEntityTooLarge, "Request entity too large.", nil)
		default:
			msg, _ := echoErr.Message.(string)
			return router.NewApiError(echoErr.Code, msg, nil)
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return router.NewNotFoundError("", nil)
	}
	return router.ToApiError(err)
}
