package apis

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/labstack/echo/v4"
)

const standaloneMatchedKey = "__standaloneRouteMatched"

// StandaloneHandler serves only r's routes, with NewServer's panic recovery,
// CORS, body limit and error JSON, and base's global middlewares (auth
// token, rate limit, activity log… of the server's router; only the auth
// token loader when base is nil); a request that matches none of r's routes
// goes to fallback untouched. It lets a route table be replaced while the
// server runs (the JS routes of each hooks generation).
func StandaloneHandler(app *core.App, r *Router, base *Router, origins []string, fallback http.Handler) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	handleErr := errorHandler(app)
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		if c.Get(standaloneMatchedKey) == nil {
			// echo's not-found/method-not-allowed: not one of ours
			fallback.ServeHTTP(c.Response().Writer, c.Request())
			return
		}
		handleErr(err, c)
	}
	mainEcho, _ := fallback.(*echo.Echo)
	mark := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			// a pattern of ours ("/{path...}", "/api/{x}") must not hide a
			// more specific route of the server (e.g. the records API)
			if mainEcho != nil && strings.ContainsAny(c.Path(), ":*") && hasMoreSpecificRoute(mainEcho, c.Request(), c.Path()) {
				fallback.ServeHTTP(c.Response().Writer, c.Request())
				return nil
			}
			c.Set(standaloneMatchedKey, true)
			return next(c)
		}
	}
	// route-level (not e.Use) so unmatched requests skip them entirely
	mws := []echo.MiddlewareFunc{mark, recoverMiddleware(app), corsMiddleware(origins), bodyLimitMiddleware(app, DefaultMaxBodySize)}

	baseMiddlewares := []*core.Middleware{loadAuthToken()}
	if base != nil && base != r {
		base.mu.Lock()
		baseMiddlewares = append([]*core.Middleware(nil), base.middlewares...)
		base.mu.Unlock()
	}
	r.register(e, baseMiddlewares, mws...)
	return e
}

var (
	notFoundHandlerPtr         = reflect.ValueOf(echo.NotFoundHandler).Pointer()
	methodNotAllowedHandlerPtr = reflect.ValueOf(echo.MethodNotAllowedHandler).Pointer()
)

// hasMoreSpecificRoute reports whether e routes req to a real route whose
// pattern is more specific than ours, segment by segment as echo ranks
// them (static before {param} before {path...}); on a tie ours wins, so
// scripts can override a built-in route.
func hasMoreSpecificRoute(e *echo.Echo, req *http.Request, ours string) bool {
	c := e.NewContext(req, nil)
	e.Router().Find(req.Method, echo.GetPath(req), c)
	h := c.Handler()
	if h == nil {
		return false
	}
	if p := reflect.ValueOf(h).Pointer(); p == notFoundHandlerPtr || p == methodNotAllowedHandlerPtr {
		return false
	}
	theirs := c.Path()
	if theirs == "" {
		return false
	}
	a, b := strings.Split(theirs, "/"), strings.Split(ours, "/")
	for i := 0; i < len(a) && i < len(b); i++ {
		if ka, kb := segmentKind(a[i]), segmentKind(b[i]); ka != kb {
			return ka < kb
		}
	}
	return false
}

func segmentKind(seg string) int {
	switch {
	case strings.HasPrefix(seg, "*"):
		return 2
	case strings.HasPrefix(seg, ":"):
		return 1
	}
	return 0
}
