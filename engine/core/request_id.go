package core

import (
	"context"
	"log/slog"
)

// RequestTrace is what the outermost HTTP layer learns about one request
// while it is served: its id, and the route pattern that matched (set by
// the router, read back for the per-route metrics).
type RequestTrace struct {
	Id    string
	Route string // e.g. "GET /api/collections/{collection}/records"; "" when none matched

	// gate is the request's place in the app's RequestGate (EnterTrace):
	// carried here so that entering the gate derives no context of its own.
	gate gateEntry
}

type requestTraceKey struct{}

// ContextWithRequestTrace returns ctx carrying trace.
func ContextWithRequestTrace(ctx context.Context, trace *RequestTrace) context.Context {
	return context.WithValue(ctx, requestTraceKey{}, trace)
}

// RequestTraceFromContext is the trace carried by ctx, nil when none.
func RequestTraceFromContext(ctx context.Context) *RequestTrace {
	if ctx == nil {
		return nil
	}
	t, _ := ctx.Value(requestTraceKey{}).(*RequestTrace)
	return t
}

// ContextWithRequestId returns ctx carrying the id of the HTTP request it
// serves, so that logs written while serving it can name the request.
func ContextWithRequestId(ctx context.Context, id string) context.Context {
	return ContextWithRequestTrace(ctx, &RequestTrace{Id: id})
}

// RequestIdFromContext is the request id carried by ctx, "" when none.
func RequestIdFromContext(ctx context.Context) string {
	if t := RequestTraceFromContext(ctx); t != nil {
		return t.Id
	}
	return ""
}

// WithLogger returns a copy of app (sharing everything, transaction
// included) whose Logger is logger; the JS bindings use it to tag the
// $app.logger() calls made during a request with the request id.
func (app *App) WithLogger(logger *slog.Logger) *App {
	c := *app
	c.ownLogger = logger
	return &c
}
