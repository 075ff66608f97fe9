package bindings_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/hookbase/hookbase/bindings"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
)

// BenchmarkRuntimeMemory measures the heap one pooled runtime holds with
// every binding installed and pb_hooks_example loaded: the figure the README
// gives next to the runtime bound. Run: go test ./bindings -run '^$'
// -bench RuntimeMemory -benchtime 1x
func BenchmarkRuntimeMemory(b *testing.B) {
	hooksDir, err := filepath.Abs("../pb_hooks_example")
	if err != nil {
		b.Fatal(err)
	}
	heap := func() uint64 {
		var st runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&st)
		return st.HeapAlloc
	}
	// growth is the heap an app with its JS manager of pool runtimes holds
	growth := func(pool int) float64 {
		before := heap()
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		app := core.New(core.Config{DataDir: b.TempDir(), Logger: logger})
		bd := bindings.New(app, bindings.Options{})
		m := jsvm.NewManager(bd.JSVMOptions(jsvm.Options{HooksDir: hooksDir, PoolSize: pool, Timeout: 30 * time.Second, Logger: logger}))
		if err := m.Start(context.Background()); err != nil {
			b.Fatal(err)
		}
		after := heap()
		_ = m.Close()
		runtime.KeepAlive(app)
		return float64(after) - float64(before)
	}
	const extra = 20
	for range b.N {
		one, many := growth(1), growth(1+extra)
		b.ReportMetric((many-one)/extra, "bytes/runtime")
	}
}
