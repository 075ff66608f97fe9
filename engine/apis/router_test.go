package apis

import (
	"net/http/httptest"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/labstack/echo/v4"
)

func TestRouterParamsAreOneSegmentAndWildcardsTakeTheRest(t *testing.T) {
	r := NewRouter(nil)
	r.GET("/a/{id}", func(e *core.RequestEvent) error { return e.String(200, "id="+e.Request.PathValue("id")) })
	r.GET("/files/{path...}", func(e *core.RequestEvent) error { return e.String(200, "path="+e.Request.PathValue("path")) })
	e := echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) { _ = c.JSON(toApiError(err).Status, toApiError(err)) }
	r.Mount(e)

	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/a/x1", 200, "id=x1"},
		{"GET", "/a/x1/extra", 404, ""},
		{"HEAD", "/a/x1", 200, ""},
		{"GET", "/files/a/b/c.txt", 200, "path=a/b/c.txt"},
		{"POST", "/a/x1", 404, ""}, // PocketBase answers 404, never 405
	} {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		if w.Code != tc.status || (tc.body != "" && w.Body.String() != tc.body) {
			t.Errorf("%s %s: %d %q", tc.method, tc.path, w.Code, w.Body.String())
		}
	}
}
