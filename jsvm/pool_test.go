package jsvm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// poolProbe counts, from Go, the runtimes built and the calls running JS at
// the same moment, independently of the pool's own bookkeeping.
type poolProbe struct {
	built   atomic.Int32
	active  atomic.Int32
	maxSeen atomic.Int32
}

func (p *poolProbe) install(rt *Runtime) error {
	if err := testInstall(rt); err != nil {
		return err
	}
	vm := rt.VM
	if err := vm.Set("runtimeTag", fmt.Sprintf("rt%d", p.built.Add(1))); err != nil {
		return err
	}
	if err := vm.Set("enter", func() {
		n := p.active.Add(1)
		for {
			m := p.maxSeen.Load()
			if n <= m || p.maxSeen.CompareAndSwap(m, n) {
				return
			}
		}
	}); err != nil {
		return err
	}
	return vm.Set("leave", func() { p.active.Add(-1) })
}

// answer is a top-level function of the script: the runtime is held (a
// timer keeps the call's event loop busy) while the call is "in" it.
const poolScript = `
var last = "";
function answer(n) {
	enter();
	setTimeout(() => { last = "answer " + (n * 2); leave(); }, 3);
}
`

// runAnswer asks one runtime for answer(n) and reads the result the call's
// event loop produced, before the runtime goes back to the pool.
func runAnswer(ctx context.Context, gen *Generation, n int) (string, error) {
	var out string
	err := gen.Run(ctx, func(rt *Runtime) error {
		fn, ok := goja.AssertFunction(rt.VM.Get("answer"))
		if !ok {
			return errors.New("answer is not a function")
		}
		if _, err := fn(goja.Undefined(), rt.VM.ToValue(n)); err != nil {
			return err
		}
		// settle the timer now so the result is read on this runtime
		if err := rt.loop.run(nil); err != nil {
			return err
		}
		out = rt.VM.Get("last").String()
		return nil
	})
	return out, err
}

func TestBurstOnSmallPoolStaysWithinLimit(t *testing.T) {
	probe := &poolProbe{}
	env := newEnv(t, map[string]string{"answer.pb.js": poolScript}, func(o *Options) {
		o.PoolSize, o.MaxRuntimes, o.Install = 2, 4, probe.install
	})
	gen := env.m.Current()

	const burst = 200
	var wg sync.WaitGroup
	errs := make(chan error, burst)
	for i := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := runAnswer(context.Background(), gen, i)
			if want := fmt.Sprintf("answer %d", i*2); err != nil || got != want {
				errs <- fmt.Errorf("request %d: got %q (%v), want %q", i, got, err, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	st := gen.PoolStats()
	if st.Max != 4 || st.Peak > 4 || st.Live > 4 {
		t.Fatalf("pool stats %+v: more runtimes than the limit of 4", st)
	}
	if m := probe.maxSeen.Load(); m > 4 {
		t.Fatalf("%d calls ran JS at once on a limit of 4", m)
	}
	// the burst did need the extra runtimes, and then callers waited
	if st.Peak != 4 || probe.maxSeen.Load() < 3 {
		t.Fatalf("the burst never reached the limit: stats %+v, max concurrent %d", st, probe.maxSeen.Load())
	}
	if st.Waiting != 0 {
		t.Fatalf("%d callers still waiting", st.Waiting)
	}
}

func TestWaitingCallerHonoursContext(t *testing.T) {
	env := newEnv(t, map[string]string{
		"slow.pb.js": `routerAdd("GET", "/slow", async () => { await new Promise((r) => setTimeout(r, 400)); return "slow"; });`,
	}, func(o *Options) { o.PoolSize, o.MaxRuntimes = 1, 1 })
	gen := env.m.Current()

	first := make(chan error, 1)
	go func() {
		_, err := call(context.Background(), gen, "GET", "/slow")
		first <- err
	}()
	eventually(t, 2*time.Second, "the first call to hold the only runtime", func() bool { return gen.PoolStats().Idle == 0 })

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := call(ctx, gen, "GET", "/slow")
	if !errors.Is(err, ErrTimeout) || time.Since(start) > 300*time.Millisecond {
		t.Fatalf("waiting call: %v after %v, want a timeout after ~50ms", err, time.Since(start))
	}

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	_, err = call(ctx, gen, "GET", "/slow")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("canceled waiting call: %v", err)
	}
	if err := <-first; err != nil {
		t.Fatalf("the call holding the runtime: %v", err)
	}
	if st := gen.PoolStats(); st.Live != 1 || st.Waiting != 0 {
		t.Fatalf("pool stats %+v", st)
	}
}

// The hooks timeout is a budget for the whole call, waiting included: a
// caller that waited most of it for a runtime is not given a fresh one.
func TestWaitCountsAgainstHooksTimeout(t *testing.T) {
	env := newEnv(t, map[string]string{
		"slow.pb.js": `routerAdd("GET", "/slow", async () => { await new Promise((r) => setTimeout(r, 300)); return "slow"; });`,
	}, func(o *Options) { o.PoolSize, o.MaxRuntimes, o.Timeout = 1, 1, 500*time.Millisecond })
	gen := env.m.Current()

	first := make(chan error, 1)
	go func() {
		_, err := call(context.Background(), gen, "GET", "/slow")
		first <- err
	}()
	eventually(t, 2*time.Second, "the first call to hold the only runtime", func() bool { return gen.PoolStats().Idle == 0 })
	start := time.Now()
	_, err := call(context.Background(), gen, "GET", "/slow")
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("second call: %v after %v, want a timeout (~300ms waited + 300ms run > 500ms)", err, time.Since(start))
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Fatalf("the timeout came after %v", d)
	}
	if err := <-first; err != nil {
		t.Fatalf("first call: %v", err)
	}
	// a lone call fits in the budget
	if out, err := call(context.Background(), gen, "GET", "/slow"); err != nil || out != "slow" {
		t.Fatalf("lone call: %q %v", out, err)
	}
}

// Close racing calls whose runtimes are dropped and replaced in the
// background: WaitGroup.Add must never race Close's Wait (run with -race).
func TestCloseWhileRuntimesAreReplaced(t *testing.T) {
	for range 5 {
		env := newEnv(t, map[string]string{
			"spin.pb.js": `routerAdd("GET", "/spin", () => { for (;;) {} });`,
		}, func(o *Options) { o.PoolSize, o.MaxRuntimes, o.Timeout = 2, 3, 20*time.Millisecond })
		gen := env.m.Current()
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := call(context.Background(), gen, "GET", "/spin")
				if !errors.Is(err, ErrTimeout) {
					t.Errorf("spin: %v", err)
				}
			}()
		}
		time.Sleep(25 * time.Millisecond)
		if err := env.m.Close(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if st := gen.PoolStats(); st.Peak > 3 {
			t.Fatalf("pool stats %+v", st)
		}
	}
}
