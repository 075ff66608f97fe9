package apis

import (
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
)

func bindHealthApi(r *Router) {
	r.GET("/api/health", func(e *core.RequestEvent) error {
		data := map[string]any{}
		if e.HasSuperuserAuth() {
			data["canBackup"] = true
			data["realIP"] = e.RealIP()
			data["possibleProxyHeader"] = possibleProxyHeader(e.Request)
		}
		return e.JSON(http.StatusOK, map[string]any{"message": "API is healthy.", "code": http.StatusOK, "data": data})
	})
}

func possibleProxyHeader(r *http.Request) string {
	for _, h := range []string{"CF-Connecting-IP", "Fly-Client-IP", "X-Real-IP", "X-Forwarded-For"} {
		if r.Header.Get(h) != "" {
			return h
		}
	}
	return ""
}
