package bindings

import (
	"compress/gzip"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/dop251/goja"
	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/jsvm"
)

// Messages of the auth middlewares, as PocketBase answers them.
const (
	msgAuthRequired = "The request requires valid record authorization token."
	msgAuthNotAllow = "The authorized record is not allowed to perform this action."
	msgGuestOnly    = "The request can be accessed only by guests."
)

// installApis defines $apis: route middlewares and response helpers.
func (b *Bindings) installApis(rt *jsvm.Runtime) error {
	obj := rt.VM.NewObject()
	set := func(name string, v any) { _ = obj.Set(name, v) }

	set("requireAuth", func(collections ...string) *core.Middleware {
		return &core.Middleware{Id: "pbRequireAuth", Func: func(e *core.RequestEvent) error {
			if e.Auth == nil {
				return router.NewUnauthorizedError(msgAuthRequired, nil)
			}
			if len(collections) > 0 {
				c := e.Auth.Collection()
				if c == nil || (!slices.Contains(collections, c.Name) && !slices.Contains(collections, c.Id)) {
					return router.NewForbiddenError(msgAuthNotAllow, nil)
				}
			}
			return e.Next()
		}}
	})
	set("requireSuperuserAuth", func() *core.Middleware {
		return &core.Middleware{Id: "pbRequireSuperuserAuth", Func: func(e *core.RequestEvent) error {
			if e.Auth == nil {
				return router.NewUnauthorizedError(msgAuthRequired, nil)
			}
			if !e.Auth.IsSuperuser() {
				return router.NewForbiddenError(msgAuthNotAllow, nil)
			}
			return e.Next()
		}}
	})
	set("requireSuperuserOrOwnerAuth", func(param string) *core.Middleware {
		if param == "" {
			param = "id"
		}
		return &core.Middleware{Id: "pbRequireSuperuserOrOwnerAuth", Func: func(e *core.RequestEvent) error {
			if e.Auth == nil {
				return router.NewUnauthorizedError(msgAuthRequired, nil)
			}
			if !e.Auth.IsSuperuser() && e.Auth.Id != e.Request.PathValue(param) {
				return router.NewForbiddenError(msgAuthNotAllow, nil)
			}
			return e.Next()
		}}
	})
	set("requireGuestOnly", func() *core.Middleware {
		return &core.Middleware{Id: "pbRequireGuestOnly", Func: func(e *core.RequestEvent) error {
			if e.Auth != nil {
				return router.NewBadRequestError(msgGuestOnly, nil)
			}
			return e.Next()
		}}
	})
	// The engine's middleware also answers 413 to streamed (chunked) bodies.
	set("bodyLimit", apis.BodyLimit)
	set("gzip", func() *core.Middleware {
		return &core.Middleware{Id: "pbGzip", Func: gzipMiddleware}
	})
	set("skipSuccessActivityLog", func() *core.Middleware {
		return &core.Middleware{Id: "pbSkipSuccessActivityLog", Func: func(e *core.RequestEvent) error {
			e.Set("__pbSkipSuccessActivityLog", true)
			return e.Next()
		}}
	})
	set("static", func(dir string, indexFallback bool) *goHandler {
		return &goHandler{fn: apis.StaticDirectoryHandler(os.DirFS(dir), indexFallback)}
	})
	set("recordAuthResponse", func(e *core.RequestEvent, record *core.Record, method string, meta any) error {
		return apis.RecordAuthResponse(e, record, method, meta)
	})
	set("enrichRecord", apis.EnrichRecord)
	set("enrichRecords", apis.EnrichRecords)
	return rt.VM.Set("$apis", obj)
}

// gzipWriter compresses what the handler writes.
type gzipWriter struct {
	http.ResponseWriter
	zw *gzip.Writer
}

func (w *gzipWriter) Write(p []byte) (int, error) { return w.zw.Write(p) }

func (w *gzipWriter) WriteHeader(status int) {
	w.Header().Del("Content-Length")
	w.ResponseWriter.WriteHeader(status)
}

func (w *gzipWriter) Flush() {
	_ = w.zw.Flush()
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func gzipMiddleware(e *core.RequestEvent) error {
	if !strings.Contains(e.Request.Header.Get("Accept-Encoding"), "gzip") || e.Request.Method == http.MethodHead {
		return e.Next()
	}
	h := e.Response.Header()
	h.Set("Content-Encoding", "gzip")
	h.Add("Vary", "Accept-Encoding")
	zw := gzip.NewWriter(e.Response)
	orig := e.Response
	e.Response = &gzipWriter{ResponseWriter: orig, zw: zw}
	defer func() {
		e.Response = orig
		_ = zw.Close()
	}()
	return e.Next()
}

var _ = goja.Undefined
