package apis

import (
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
)

func bindHealthApi(r *Router) {
	r.GET("/api/health", func(e *core.RequestEvent) error {
		data := noHealthData
		if e.HasSuperuserAuth() {
			data = make(map[string]any, 3)
			// false while a backup or restore runs, as in PocketBase
			data["canBackup"] = !e.App.Store().Has(core.StoreKeyActiveBackup)
			data["realIP"] = e.RealIP()
			data["possibleProxyHeader"] = possibleProxyHeader(e.Request)
		}
		// A struct keeps PocketBase's key order: message, code, data.
		return e.JSON(http.StatusOK, struct {
			Message string         `json:"message"`
			Code    int            `json:"code"`
			Data    map[string]any `json:"data"`
		}{"API is healthy.", http.StatusOK, data})
	})
}

// noHealthData is the (never written) empty data of a guest's answer.
var noHealthData = map[string]any{}

func possibleProxyHeader(r *http.Request) string {
	for _, h := range []string{"CF-Connecting-IP", "Fly-Client-IP", "X-Real-IP", "X-Forwarded-For"} {
		if r.Header.Get(h) != "" {
			return h
		}
	}
	return ""
}
