package apis

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/labstack/echo/v4"
)

// batchDispatcher runs batch sub-requests through the app's own routes: it
// mounts the router on a private echo instance (rebuilt when routes are
// added) and serves each sub-request into a recorder.
type batchDispatcher struct {
	r      *Router
	mu     sync.Mutex
	echo   *echo.Echo
	routes int
}

func newBatchDispatcher(r *Router) *batchDispatcher { return &batchDispatcher{r: r} }

// batchFile is one uploaded file of a sub-request.
type batchFile struct {
	field  string
	header *multipart.FileHeader
}

// batchSubRequest travels in the sub-request context to
// batchInternalMiddleware.
type batchSubRequest struct {
	app  *core.App
	auth *core.Record
}

type batchContextKey struct{}

// batchInternalMiddleware gives a batch sub-request the transaction app
// and the auth state of the batch, and marks it internal.
func batchInternalMiddleware() *core.Middleware {
	return &core.Middleware{
		Id:       "hbBatchInternal",
		Priority: DefaultBatchInternalMiddlewarePriority,
		Func: func(e *core.RequestEvent) error {
			if sub, ok := e.Request.Context().Value(batchContextKey{}).(*batchSubRequest); ok {
				e.App = sub.app
				e.Auth = sub.auth
				e.MarkInternal()
			}
			return e.Next()
		},
	}
}

func (d *batchDispatcher) handler() *echo.Echo {
	d.r.mu.Lock()
	n := len(d.r.routes)
	d.r.mu.Unlock()

	d.mu.Lock()
	defer d.mu.Unlock()
	if d.echo == nil || d.routes != n {
		ec := echo.New()
		ec.HTTPErrorHandler = errorHandler(d.r.app)
		d.r.Mount(ec)
		d.echo, d.routes = ec, n
	}
	return d.echo
}

// dispatch serves one sub-request inside the batch transaction and returns
// its status and decoded JSON body.
func (d *batchDispatcher) dispatch(ctx context.Context, txApp *core.App, parent *core.RequestEvent, ir *core.InternalRequest, files []batchFile) (int, any) {
	body, contentType, err := batchSubBody(ir.Body, files)
	if err != nil {
		return http.StatusBadRequest, router.NewBadRequestError("Failed to prepare the batch request body.", nil)
	}
	ctx = context.WithValue(ctx, batchContextKey{}, &batchSubRequest{app: txApp, auth: parent.Auth})
	req, err := http.NewRequestWithContext(ctx, ir.Method, ir.URL, body)
	if err != nil {
		return http.StatusBadRequest, router.NewBadRequestError("Invalid batch request url.", nil)
	}
	// the client identity headers of the batch carry over; auth is shared
	// with the batch and cannot be set per sub-request
	for k, v := range parent.Request.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Content-Type", "Content-Length", "Authorization":
		default:
			req.Header[k] = v
		}
	}
	for k, v := range ir.Headers {
		if http.CanonicalHeaderKey(k) != "Authorization" {
			req.Header.Set(k, v)
		}
	}
	req.Header.Set("Content-Type", contentType)
	req.RemoteAddr = parent.Request.RemoteAddr
	req.Host = parent.Request.Host

	rec := httptest.NewRecorder()
	d.handler().ServeHTTP(rec, req)

	var out any
	if raw := bytes.TrimSpace(rec.Body.Bytes()); len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			out = string(raw)
		}
	}
	return rec.Code, out
}

// batchSubBody encodes a sub-request body as JSON, or as multipart with a
// "@jsonPayload" part when it carries files.
func batchSubBody(data map[string]any, files []batchFile) (io.Reader, string, error) {
	if data == nil {
		data = map[string]any{}
	}
	payload, err := json.Marshal(data)
	if err != nil {
		return nil, "", err
	}
	if len(files) == 0 {
		return bytes.NewReader(payload), "application/json", nil
	}
	buf := &bytes.Buffer{}
	mw := multipart.NewWriter(buf)
	if err := mw.WriteField("@jsonPayload", string(payload)); err != nil {
		return nil, "", err
	}
	for _, f := range files {
		src, err := f.header.Open()
		if err != nil {
			return nil, "", err
		}
		dst, err := mw.CreateFormFile(f.field, f.header.Filename)
		if err == nil {
			_, err = io.Copy(dst, src)
		}
		src.Close()
		if err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf, mw.FormDataContentType(), nil
}
