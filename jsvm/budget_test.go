package jsvm

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// A call whose caller goes away (a request whose client disconnected) is
// interrupted even without a time budget, and its runtime is not reused.
func TestCanceledCallInterrupted(t *testing.T) {
	env := newEnv(t, map[string]string{"loop.pb.js": `
routerAdd("GET", "/loop", () => { while (true) {} });
routerAdd("GET", "/ok", () => "ok");
`}, func(o *Options) {
		o.PoolSize = 1
		o.Timeout = 0
	})
	gen := env.m.Current()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := call(ctx, gen, "GET", "/loop")
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "call canceled") {
		t.Fatalf("want a canceled call, got %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("the cancellation took %s to stop the loop", d)
	}
	for range 3 {
		if out, err := call(context.Background(), gen, "GET", "/ok"); err != nil || out != "ok" {
			t.Fatalf("after the canceled call: %q %v", out, err)
		}
	}
}

// The deadline timer is the runtime's own and re-armed by every call: calls
// that each finish within the budget, on one runtime, over a span of many
// budgets, are never interrupted by an earlier call's timer.
func TestDeadlineTimerReusedAcrossCalls(t *testing.T) {
	env := newEnv(t, map[string]string{"ok.pb.js": `
routerAdd("GET", "/ok", () => "ok");
routerAdd("GET", "/loop", () => { while (true) {} });
`}, func(o *Options) {
		o.PoolSize = 1
		o.Timeout = 20 * time.Millisecond
	})
	gen := env.m.Current()
	ctx, cancel := context.WithCancel(context.Background()) // a parent that can end, as a request's
	defer cancel()
	end := time.Now().Add(200 * time.Millisecond)
	n := 0
	for time.Now().Before(end) {
		if out, err := call(ctx, gen, "GET", "/ok"); err != nil || out != "ok" {
			t.Fatalf("call %d: %q %v", n, out, err)
		}
		n++
		time.Sleep(time.Duration(n%7) * time.Millisecond)
	}
	// and a runaway call on the same runtime still meets its budget
	start := time.Now()
	var te *TimeoutError
	if _, err := call(ctx, gen, "GET", "/loop"); !errors.As(err, &te) || te.Limit != 20*time.Millisecond {
		t.Fatalf("want a timeout of 20ms, got %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("the budget took %s to stop the loop", d)
	}
}

// holdRuntimes keeps n runtimes of gen busy; the returned func lets them go
// and waits for the n calls to end without error.
func holdRuntimes(t *testing.T, gen *Generation, n int) (letGo func()) {
	t.Helper()
	release := make(chan struct{})
	errs := make(chan error, n)
	for range n {
		go func() {
			errs <- gen.Run(context.Background(), func(*Runtime) error {
				<-release
				return nil
			})
		}()
	}
	eventually(t, 5*time.Second, "every call to hold a runtime", func() bool {
		st := gen.PoolStats()
		return st.Live == n && st.Idle == 0
	})
	return func() {
		close(release)
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Runtimes built for a burst stay pooled for KeepExtras after the last
// call that needed one (a load just above PoolSize must not build and drop
// a runtime per call), then are trimmed back to PoolSize without any
// further call.
func TestExtraRuntimesKeptThenTrimmed(t *testing.T) {
	env := newEnv(t, map[string]string{"ok.pb.js": `routerAdd("GET", "/ok", () => "ok");`}, func(o *Options) {
		o.PoolSize, o.MaxRuntimes, o.KeepExtras = 1, 3, 400*time.Millisecond
	})
	gen := env.m.Current()
	holdRuntimes(t, gen, 3)()
	if st := gen.PoolStats(); st.Live != 3 || st.Idle != 3 || st.Built != 2 {
		t.Fatalf("right after the burst the extras stay pooled: %+v", st)
	}
	// calls within the window reuse them: nothing is built
	for range 5 {
		if out, err := call(context.Background(), gen, "GET", "/ok"); err != nil || out != "ok" {
			t.Fatalf("%q %v", out, err)
		}
	}
	if st := gen.PoolStats(); st.Built != 2 {
		t.Fatalf("a call built a runtime although idle ones were pooled: %+v", st)
	}
	eventually(t, 5*time.Second, "the extras to be trimmed", func() bool {
		st := gen.PoolStats()
		return st.Live == 1 && st.Idle == 1
	})
}

// With KeepExtras < 0 an extra runtime is dropped as soon as it is handed
// back to a full pool.
func TestExtraRuntimesDroppedAtOnce(t *testing.T) {
	env := newEnv(t, map[string]string{"ok.pb.js": `routerAdd("GET", "/ok", () => "ok");`}, func(o *Options) {
		o.PoolSize, o.MaxRuntimes, o.KeepExtras = 1, 3, -1
	})
	gen := env.m.Current()
	holdRuntimes(t, gen, 3)()
	if st := gen.PoolStats(); st.Live != 1 || st.Idle != 1 {
		t.Fatalf("after the burst: %+v", st)
	}
}

// Without hook scripts the pool starts with one runtime instead of
// PoolSize, and grows under concurrent calls up to PoolSize.
func TestEmptyHooksDirStartsOneRuntime(t *testing.T) {
	env := newEnv(t, nil, func(o *Options) { o.PoolSize, o.MaxRuntimes, o.KeepExtras = 3, 4, -1 })
	gen := env.m.Current()
	if st := gen.PoolStats(); st.Live != 1 || st.Idle != 1 {
		t.Fatalf("at start: %+v, want one runtime", st)
	}
	holdRuntimes(t, gen, 3)()
	if st := gen.PoolStats(); st.Live != 3 || st.Idle != 3 {
		t.Fatalf("after three concurrent calls: %+v, want the pool grown to PoolSize", st)
	}
}
