package apis

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// DefaultMaxBodySize is the request body limit when a route sets none.
const DefaultMaxBodySize int64 = 32 << 20

// Middleware ids and priorities of the built-in middlewares (lower runs first).
const (
	MiddlewareLoadAuthId       = "pbLoadAuthToken"
	MiddlewareLoadAuthPriority = -1020
)

// recoverMiddleware turns a panic into a 500 JSON answer and a log line.
func recoverMiddleware(app *core.App) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					if r == http.ErrAbortHandler {
						panic(r)
					}
					app.Logger().Error("panic while serving", "url", c.Request().URL.String(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
					err = router.NewInternalServerError("", nil)
				}
			}()
			return next(c)
		}
	}
}

// corsMiddleware allows the --origins (default any).
func corsMiddleware(origins []string) echo.MiddlewareFunc {
	if len(origins) == 0 {
		origins = []string{"*"}
	}
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: origins,
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodPost, http.MethodDelete},
	})
}

// ownBodyLimit are the built-in routes that set their own body limit
// (BodyLimit route middleware) instead of the default one.
var ownBodyLimit = map[string]bool{"POST /api/backups/upload": true}

// bodyLimitMiddleware applies the default body limit to every request
// (raised by the file fields' sizes for record writes).
func bodyLimitMiddleware(app *core.App, limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if ownBodyLimit[c.Request().Method+" "+c.Request().URL.Path] {
				return next(c)
			}
			return limitBody(c.Request(), c.Response(), recordBodyLimit(app, c.Request(), limit), func() error { return next(c) })
		}
	}
}

// DefaultBodyLimitMiddlewareId is the id of BodyLimit middlewares.
const DefaultBodyLimitMiddlewareId = "pbBodyLimit"

// BodyLimit returns a route middleware that limits the request body to
// limit bytes (0 or less: no limit of its own), as PocketBase's
// apis.BodyLimit.
func BodyLimit(limit int64) *core.Middleware {
	return &core.Middleware{Id: DefaultBodyLimitMiddlewareId, Func: func(e *core.RequestEvent) error {
		if limit <= 0 {
			return e.Next()
		}
		return limitBody(e.Request, e.Response, limit, e.Next)
	}}
}

// limitBody runs next with req's body limited to limit bytes and answers
// 413 for a larger body: a declared length at once, a streamed (chunked)
// one when a read crosses the limit, whatever error next made of that read.
func limitBody(req *http.Request, w http.ResponseWriter, limit int64, next func() error) error {
	if req.ContentLength > limit {
		return errRequestTooLarge()
	}
	var body *limitedBody
	if req.Body != nil && req.Body != http.NoBody {
		body = &limitedBody{ReadCloser: http.MaxBytesReader(w, req.Body, limit)}
		req.Body = body
	}
	err := next()
	if err != nil && body != nil && body.exceeded.Load() {
		return errRequestTooLarge()
	}
	return err
}

func errRequestTooLarge() error {
	return router.NewApiError(http.StatusRequestEntityTooLarge, "Request entity too large.", nil)
}

// limitedBody remembers that a read hit the body limit, since handlers
// wrap read errors into their own 400s.
type limitedBody struct {
	io.ReadCloser
	exceeded atomic.Bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooLarge *http.MaxBytesError
	if err != nil && errors.As(err, &tooLarge) {
		b.exceeded.Store(true)
	}
	return n, err
}

// loadAuthToken sets e.Auth from the Authorization header ("Bearer " is
// optional). A bad or foreign token leaves the request a guest, as in
// PocketBase: routes that need auth answer 401 themselves.
func loadAuthToken() *core.Middleware {
	return &core.Middleware{
		Id:       MiddlewareLoadAuthId,
		Priority: MiddlewareLoadAuthPriority,
		Func: func(e *core.RequestEvent) error {
			if e.Auth != nil {
				return e.Next()
			}
			token := strings.TrimSpace(e.Request.Header.Get("Authorization"))
			if token == "" {
				return e.Next()
			}
			if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
				token = strings.TrimSpace(token[7:])
			}
			if record, err := e.App.FindAuthRecordByToken(token, core.TokenTypeAuth); err == nil {
				e.Auth = record
			}
			return e.Next()
		},
	}
}
