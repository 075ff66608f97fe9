package jsvm

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// testAPIError stands in for the bindings' ApiError: a Go error thrown from JS.
type testAPIError struct {
	Status  int
	Message string
}

func (e *testAPIError) Error() string { return e.Message }

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testInstall is the tiny binding layer used by the tests: routerAdd records a
// route declaration; goFail throws a Go error; goAsync doubles a number later.
func testInstall(rt *Runtime) error {
	vm := rt.VM
	if err := vm.Set("isPrimary", rt.Primary()); err != nil {
		return err
	}
	if err := vm.Set("routerAdd", func(call goja.FunctionCall) goja.Value {
		ref, err := rt.Register(call.Argument(2))
		if err != nil {
			panic(vm.NewGoError(err))
		}
		rt.Declare(Declaration{Kind: "route", Args: []any{call.Argument(0).String(), call.Argument(1).String()}, Handler: ref})
		return goja.Undefined()
	}); err != nil {
		return err
	}
	if err := vm.Set("goFail", func(msg string) {
		panic(vm.NewGoError(&testAPIError{Status: 400, Message: msg}))
	}); err != nil {
		return err
	}
	return vm.Set("goAsync", func(n int64) goja.Value {
		return rt.Async(func(ctx context.Context) (any, error) {
			select {
			case <-time.After(10 * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if n < 0 {
				return nil, errors.New("negative")
			}
			return n * 2, nil
		})
	})
}

type testEnv struct {
	t    *testing.T
	dir  string
	m    *Manager
	srv  *httptest.Server
	logs *syncBuffer

	mu      sync.Mutex
	retired []int64
}

func writeFile(t *testing.T, dir, name, src string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// newEnvErr starts a manager on files and serves its routes over HTTP; the
// Start error is returned for the tests that expect one.
func newEnvErr(t *testing.T, files map[string]string, tweak func(*Options)) (*testEnv, error) {
	t.Helper()
	env := &testEnv{t: t, dir: t.TempDir(), logs: &syncBuffer{}}
	for name, src := range files {
		writeFile(t, env.dir, name, src)
	}
	opts := Options{
		HooksDir: env.dir,
		PoolSize: 2,
		Logger:   slog.New(slog.NewTextHandler(env.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Install:  testInstall,
		Retire: func(g *Generation) {
			env.mu.Lock()
			env.retired = append(env.retired, g.ID())
			env.mu.Unlock()
		},
	}
	if tweak != nil {
		tweak(&opts)
	}
	env.m = NewManager(opts)
	err := env.m.Start(context.Background())
	env.srv = httptest.NewServer(http.HandlerFunc(env.serve))
	t.Cleanup(func() {
		env.srv.Close()
		_ = env.m.Close()
	})
	return env, err
}

func newEnv(t *testing.T, files map[string]string, tweak func(*Options)) *testEnv {
	t.Helper()
	env, err := newEnvErr(t, files, tweak)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return env
}

// route finds the handler the current generation declared for method+path.
func route(gen *Generation, method, path string) (HandlerRef, bool) {
	for _, d := range gen.Declarations() {
		if d.Kind == "route" && d.Args[0] == method && d.Args[1] == path {
			return d.Handler, true
		}
	}
	return -1, false
}

// call runs a route's handler on gen and returns its result as a string.
func call(ctx context.Context, gen *Generation, method, path string) (string, error) {
	ref, ok := route(gen, method, path)
	if !ok {
		return "", errors.New("no route " + method + " " + path)
	}
	var out string
	err := gen.Run(ctx, func(rt *Runtime) error {
		v, err := rt.CallHandler(ref)
		if err != nil {
			return err
		}
		out = v.String()
		return nil
	})
	return out, err
}

func (env *testEnv) serve(w http.ResponseWriter, r *http.Request) {
	gen := env.m.Current()
	if _, ok := route(gen, r.Method, r.URL.Path); !ok {
		http.NotFound(w, r)
		return
	}
	out, err := call(r.Context(), gen, r.Method, r.URL.Path)
	var api *testAPIError
	switch {
	case errors.Is(err, ErrTimeout):
		http.Error(w, err.Error(), http.StatusGatewayTimeout)
	case errors.As(err, &api):
		http.Error(w, api.Message, api.Status)
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	default:
		_, _ = io.WriteString(w, out)
	}
}

// get requests path and returns status and trimmed body.
func (env *testEnv) get(path string) (int, string) {
	env.t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	res, err := client.Get(env.srv.URL + path)
	if err != nil {
		env.t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, strings.TrimSpace(string(body))
}

func (env *testEnv) retiredIDs() []int64 {
	env.mu.Lock()
	defer env.mu.Unlock()
	return append([]int64(nil), env.retired...)
}

// eventually polls cond for up to d.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func writeBench(dir string) error {
	return os.WriteFile(filepath.Join(dir, "b.pb.js"), []byte(`routerAdd("GET", "/x", () => 1);`), 0o644)
}
