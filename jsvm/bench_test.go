package jsvm

import (
	"context"
	"testing"
	"time"
)

// BenchmarkCallHandler measures borrow + call of a trivial handler + return.
func BenchmarkCallHandler(b *testing.B) {
	for _, tc := range []struct {
		name       string
		timeout    time.Duration
		cancelable bool // a parent that can end, as a request's
	}{{"no-timeout", 0, false}, {"with-timeout", time.Second, false}, {"with-timeout-request-ctx", time.Second, true}} {
		b.Run(tc.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := writeBench(dir); err != nil {
				b.Fatal(err)
			}
			m := NewManager(Options{HooksDir: dir, PoolSize: 4, Timeout: tc.timeout, Install: testInstall})
			if err := m.Start(context.Background()); err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			gen := m.Current()
			ref, _ := route(gen, "GET", "/x")
			ctx := context.Background()
			if tc.cancelable {
				var cancel context.CancelFunc
				ctx, cancel = context.WithCancel(ctx)
				defer cancel()
			}
			b.ReportAllocs()
			for b.Loop() {
				err := gen.Run(ctx, func(rt *Runtime) error {
					_, err := rt.CallHandler(ref)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
