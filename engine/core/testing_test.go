package core

import (
	"io"
	"log/slog"
	"testing"
)

// newTestApp returns a bootstrapped App on a fresh data dir in t.TempDir().
func newTestApp(t testing.TB) *App {
	t.Helper()
	app := New(Config{
		DataDir: t.TempDir(),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	t.Cleanup(func() { _ = app.ResetBootstrapState() })
	return app
}
