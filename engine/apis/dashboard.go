package apis

import (
	"net/http"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/ui"
)

// bindDashboard serves the embedded superusers dashboard at /_/. Hashed
// assets are cached for good; index.html is revalidated so that a new
// binary's dashboard shows up on the next load.
func bindDashboard(r *Router) {
	r.GET("/_", func(e *core.RequestEvent) error {
		return e.Redirect(http.StatusMovedPermanently, "/_/")
	})
	static := StaticDirectoryHandler(ui.DistDirFS, true)
	r.GET("/_/{path...}", func(e *core.RequestEvent) error {
		h := e.Response.Header()
		if strings.HasPrefix(e.Request.PathValue("path"), "assets/") {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		// The dashboard holds a superuser token: keep it out of frames.
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		return static(e)
	})
}
