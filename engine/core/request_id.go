package core

import (
	"context"
	"log/slog"
)

type requestIdKey struct{}

// ContextWithRequestId returns ctx carrying the id of the HTTP request it
// serves, so that logs written while serving it can name the request.
func ContextWithRequestId(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIdKey{}, id)
}

// RequestIdFromContext is the request id carried by ctx, "" when none.
func RequestIdFromContext(ctx context.Context) string {
	if ctx == nil {
		return ""
	}
	id, _ := ctx.Value(requestIdKey{}).(string)
	return id
}

// WithLogger returns a copy of app (sharing everything, transaction
// included) whose Logger is logger; the JS bindings use it to tag the
// $app.logger() calls made during a request with the request id.
func (app *App) WithLogger(logger *slog.Logger) *App {
	c := *app
	c.ownLogger = logger
	return &c
}
