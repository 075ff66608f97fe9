package bindings_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookbase/hookbase/bindings"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
)

// The engine asks the hooks whether any handler would see a table's model
// events (the logs writer saves _logs rows as models only then): the JS
// dispatchers answer from the current generation's handlers and tags.
func TestJSHookDispatchersAnswerWhichTablesTheyWatch(t *testing.T) {
	for _, tc := range []struct {
		script      string
		logs, posts bool
		afterLogs   bool
	}{
		{script: `onModelCreate((e) => e.next(), "posts")`, posts: true},
		{script: `onModelCreate((e) => e.next())`, logs: true, posts: true},
		{script: `onModelCreate((e) => e.next(), "_logs", "posts")`, logs: true, posts: true},
		{script: `onModelAfterCreateSuccess((e) => e.next(), "_logs")`, afterLogs: true},
		{script: `onRecordCreate((e) => e.next())`},
	} {
		app := newHooksApp(t, tc.script)
		if got := app.OnModelCreate().HasHandlerFor(core.LogsTableName); got != tc.logs {
			t.Errorf("%s: onModelCreate for _logs %v, want %v", tc.script, got, tc.logs)
		}
		if got := app.OnModelCreate().HasHandlerFor("posts"); got != tc.posts {
			t.Errorf("%s: onModelCreate for posts %v, want %v", tc.script, got, tc.posts)
		}
		if got := app.OnModelAfterCreateSuccess().HasHandlerFor(core.LogsTableName); got != tc.afterLogs {
			t.Errorf("%s: onModelAfterCreateSuccess for _logs %v, want %v", tc.script, got, tc.afterLogs)
		}
	}
}

func newHooksApp(t *testing.T, script string) *core.App {
	t.Helper()
	dir := t.TempDir()
	hooksDir := filepath.Join(dir, "pb_hooks")
	if err := os.MkdirAll(hooksDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hooksDir, "main.pb.js"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	app := core.New(core.Config{DataDir: filepath.Join(dir, "pb_data"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	b := bindings.New(app, bindings.Options{})
	m := jsvm.NewManager(b.JSVMOptions(jsvm.Options{HooksDir: hooksDir, PoolSize: 1, Timeout: 30 * time.Second}))
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return app
}
