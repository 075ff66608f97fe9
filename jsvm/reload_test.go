package jsvm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func versionScript(v string) string {
	return fmt.Sprintf(`
const version = %q;
function answer() { return version; }
routerAdd("GET", "/v", async () => { await null; return answer(); });
`, v)
}

func TestHotReloadUnderLoad(t *testing.T) {
	env := newEnv(t, map[string]string{"v.pb.js": versionScript("v0")}, func(o *Options) {
		o.Watch = true
		o.Debounce = 50 * time.Millisecond
		o.PoolSize = 4
	})

	var (
		stop     atomic.Bool
		ok, fail atomic.Int64
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures []string
	)
	valid := regexp.MustCompile(`^v[0-5]$`)
	client := &http.Client{Timeout: 5 * time.Second}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				res, err := client.Get(env.srv.URL + "/v")
				if err != nil {
					fail.Add(1)
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					continue
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 200 || !valid.Match(body) {
					fail.Add(1)
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%d %q", res.StatusCode, body))
					mu.Unlock()
					continue
				}
				ok.Add(1)
			}
		}()
	}
	for i := 1; i <= 5; i++ {
		time.Sleep(500 * time.Millisecond)
		writeFile(t, env.dir, "v.pb.js", versionScript(fmt.Sprintf("v%d", i)))
	}
	time.Sleep(500 * time.Millisecond)
	stop.Store(true)
	wg.Wait()

	if fail.Load() != 0 {
		t.Fatalf("%d of %d requests failed during reloads, e.g. %v", fail.Load(), fail.Load()+ok.Load(), failures[:min(5, len(failures))])
	}
	t.Logf("%d requests, 0 failed", ok.Load())
	eventually(t, 5*time.Second, "new code to answer", func() bool {
		_, body := env.get("/v")
		return body == "v5"
	})
	eventually(t, 5*time.Second, "old generations retired", func() bool {
		return len(env.retiredIDs()) >= 5
	})
	if cur := env.m.Current().ID(); slices.Contains(env.retiredIDs(), cur) {
		t.Fatalf("current generation %d was retired", cur)
	}
}

func TestReloadSyntaxErrorKeepsOldGeneration(t *testing.T) {
	env := newEnv(t, map[string]string{"v.pb.js": versionScript("good")}, func(o *Options) {
		o.Watch = true
		o.Debounce = 30 * time.Millisecond
	})
	before := env.m.Current().ID()
	writeFile(t, env.dir, "broken.pb.js", "const a = 1;\nconst b = (;\n")
	eventually(t, 5*time.Second, "the reload failure to be logged", func() bool {
		return strings.Contains(env.logs.String(), "broken.pb.js:2:")
	})
	if code, body := env.get("/v"); code != 200 || body != "good" {
		t.Fatalf("old generation should serve: %d %q", code, body)
	}
	if env.m.Current().ID() != before {
		t.Fatal("a broken generation became current")
	}

	err := env.m.Reload()
	var se *ScriptError
	if !errors.As(err, &se) || se.File != "broken.pb.js" || se.Line != 2 || !strings.HasPrefix(se.Message, "SyntaxError:") {
		t.Fatalf("got %#v", err)
	}

	// a runtime error at top level is reported the same way
	writeFile(t, env.dir, "broken.pb.js", "const a = 1;\nnotDefined();\n")
	err = env.m.Reload()
	if !errors.As(err, &se) || se.Line != 2 || !strings.Contains(se.Message, "ReferenceError") {
		t.Fatalf("got %#v", err)
	}

	// fixing it swaps the new code in
	writeFile(t, env.dir, "broken.pb.js", `routerAdd("GET", "/fixed", () => "fixed");`)
	eventually(t, 5*time.Second, "the fix to load", func() bool {
		code, _ := env.get("/fixed")
		return code == 200
	})
}

func TestStartWithBrokenScriptThenFix(t *testing.T) {
	env, err := newEnvErr(t, map[string]string{"a.pb.js": "routerAdd(\"GET\", \"/a\", () => 'a'\n"}, nil)
	var se *ScriptError
	if !errors.As(err, &se) || se.File != "a.pb.js" {
		t.Fatalf("start error: %#v", err)
	}
	if !strings.Contains(env.logs.String(), "a.pb.js:") {
		t.Fatalf("not logged:\n%s", env.logs.String())
	}
	if code, _ := env.get("/a"); code != 404 {
		t.Fatalf("empty generation should serve 404, got %d", code)
	}
	writeFile(t, env.dir, "a.pb.js", `routerAdd("GET", "/a", () => "a");`)
	if err := env.m.Reload(); err != nil {
		t.Fatal(err)
	}
	if code, body := env.get("/a"); code != 200 || body != "a" {
		t.Fatalf("%d %q", code, body)
	}
}

func TestInFlightCallFinishesOnOldGeneration(t *testing.T) {
	env := newEnv(t, map[string]string{
		"w.pb.js": `routerAdd("GET", "/w", async () => { await new Promise((r) => setTimeout(r, 300)); return "old"; });`,
	}, nil)
	old := env.m.Current()
	done := make(chan string)
	go func() {
		out, err := call(context.Background(), old, "GET", "/w")
		if err != nil {
			out = err.Error()
		}
		done <- out
	}()
	time.Sleep(50 * time.Millisecond)
	writeFile(t, env.dir, "w.pb.js", `routerAdd("GET", "/w", () => "new");`)
	if err := env.m.Reload(); err != nil {
		t.Fatal(err)
	}
	if code, body := env.get("/w"); code != 200 || body != "new" {
		t.Fatalf("new generation: %d %q", code, body)
	}
	if slices.Contains(env.retiredIDs(), old.ID()) {
		t.Fatal("retired while a call was in flight")
	}
	if out := <-done; out != "old" {
		t.Fatalf("in-flight call: %q", out)
	}
	eventually(t, 2*time.Second, "old generation retired", func() bool {
		return slices.Contains(env.retiredIDs(), old.ID())
	})
	// a caller that raced the swap still gets an answer from the old code
	if out, err := call(context.Background(), old, "GET", "/w"); err != nil || out != "old" {
		t.Fatalf("run on retired generation: %q %v", out, err)
	}
}

func TestActivateRejectsGeneration(t *testing.T) {
	var reject atomic.Bool
	env := newEnv(t, map[string]string{"a.pb.js": `routerAdd("GET", "/a", () => "one");`}, func(o *Options) {
		o.Activate = func(g *Generation) error {
			if reject.Load() {
				return errors.New("route conflict")
			}
			return nil
		}
	})
	first := env.m.Current().ID()
	reject.Store(true)
	writeFile(t, env.dir, "a.pb.js", `routerAdd("GET", "/a", () => "two");`)
	if err := env.m.Reload(); err == nil || !strings.Contains(err.Error(), "route conflict") {
		t.Fatalf("got %v", err)
	}
	if code, body := env.get("/a"); code != 200 || body != "one" || env.m.Current().ID() != first {
		t.Fatalf("%d %q", code, body)
	}
	eventually(t, 2*time.Second, "rejected generation retired", func() bool {
		return slices.Contains(env.retiredIDs(), first+1)
	})
}

func TestCloseRetiresCurrent(t *testing.T) {
	env := newEnv(t, map[string]string{"a.pb.js": `routerAdd("GET", "/a", () => "a");`}, func(o *Options) { o.Watch = true })
	id := env.m.Current().ID()
	if err := env.m.Close(); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(env.retiredIDs(), id) {
		t.Fatalf("retired %v, want %d", env.retiredIDs(), id)
	}
	if err := env.m.Reload(); err == nil {
		t.Fatal("reload after close should fail")
	}
}

func TestWatchReloadsOnRequiredModuleChange(t *testing.T) {
	env := newEnv(t, map[string]string{
		"m.pb.js":           `const lib = require("./lib/deep/value.js"); routerAdd("GET", "/m", () => lib.value);`,
		"lib/deep/value.js": `module.exports = { value: "one" };`,
		"t.pb.ts":           `routerAdd("GET", "/ts", () => "ts");`,
	}, func(o *Options) {
		o.Watch = true
		o.Debounce = 30 * time.Millisecond
	})
	if code, body := env.get("/ts"); code != 200 || body != "ts" {
		t.Fatalf("pb.ts: %d %q", code, body)
	}
	writeFile(t, env.dir, "lib/deep/value.js", `module.exports = { value: "two" };`)
	eventually(t, 5*time.Second, "module change to reload", func() bool {
		_, body := env.get("/m")
		return body == "two"
	})
	// a directory created after start is watched too
	writeFile(t, env.dir, "lib/new/x.js", `module.exports = "x1";`)
	writeFile(t, env.dir, "x.pb.js", `const x = require("./lib/new/x.js"); routerAdd("GET", "/x", () => x);`)
	eventually(t, 5*time.Second, "new file to load", func() bool {
		_, body := env.get("/x")
		return body == "x1"
	})
	time.Sleep(100 * time.Millisecond) // let the watcher rescan and pick up lib/new
	writeFile(t, env.dir, "lib/new/x.js", `module.exports = "x2";`)
	eventually(t, 5*time.Second, "change in new dir to reload", func() bool {
		_, body := env.get("/x")
		return body == "x2"
	})
}

func TestWatchHooksDirCreatedLater(t *testing.T) {
	root := t.TempDir()
	dir := root + "/pb_hooks"
	logs := &syncBuffer{}
	m := NewManager(Options{HooksDir: dir, Watch: true, Debounce: 30 * time.Millisecond, Install: testInstall,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if len(m.Current().Files()) != 0 {
		t.Fatal("expected no scripts")
	}
	writeFile(t, dir, "a.pb.js", `routerAdd("GET", "/a", () => "a");`)
	eventually(t, 5*time.Second, "scripts in the new dir to load", func() bool {
		out, err := call(context.Background(), m.Current(), "GET", "/a")
		return err == nil && out == "a"
	})
}
