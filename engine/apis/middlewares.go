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

// bodyLimitMiddleware rejects bodies over limit with a 413: a declared
// length at once, a streamed (chunked) body when a read crosses the limit,
// whatever error the handler made of that failed read.
func bodyLimitMiddleware(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > limit {
				return errRequestTooLarge()
			}
			var body *limitedBody
			if req.Body != nil && req.Body != http.NoBody {
				body = &limitedBody{ReadCloser: http.MaxBytesReader(c.Response(), req.Body, limit)}
				req.Body = body
			}
			err := next(c)
			if err != nil && body != nil && body.exceeded.Load() {
				return errRequestTooLarge()
			}
			return err
		}
	}
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
