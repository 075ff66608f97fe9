package jsvm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTopLevelScopeVisibleInHandler(t *testing.T) {
	env := newEnv(t, map[string]string{
		"scope.pb.js": `
const greeting = "hello";
let hits = 0;
function shout(s) { return s.toUpperCase() + "!"; }
routerAdd("GET", "/scope", () => { hits++; return shout(greeting); });
`,
	}, nil)
	for range 3 {
		if code, body := env.get("/scope"); code != 200 || body != "HELLO!" {
			t.Fatalf("got %d %q", code, body)
		}
	}
	d := env.m.Current().Declarations()
	if len(d) != 1 || d[0].File != "scope.pb.js" || d[0].Line != 5 {
		t.Fatalf("declaration position: %+v", d)
	}
}

func TestAsyncHandlerAwaitsTimers(t *testing.T) {
	env := newEnv(t, map[string]string{
		"async.pb.js": `
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
routerAdd("GET", "/async", async () => {
	const order = [];
	queueMicrotask(() => order.push("micro"));
	setTimeout((a, b) => order.push("timeout:" + a + b), 5, "x", "y");
	let n = 0;
	await new Promise((resolve) => {
		const id = setInterval(() => { if (++n === 3) { clearInterval(id); resolve(); } }, 2);
	});
	await sleep(20);
	order.push("n=" + n);
	return order.join(",");
});
routerAdd("GET", "/go-async", async () => "" + (await goAsync(21)));
routerAdd("GET", "/go-async-fail", async () => { try { await goAsync(-1); } catch (e) { return "caught " + e.message; } });
`,
	}, nil)
	if code, body := env.get("/async"); code != 200 || body != "micro,timeout:xy,n=3" {
		t.Fatalf("got %d %q", code, body)
	}
	if code, body := env.get("/go-async"); code != 200 || body != "42" {
		t.Fatalf("got %d %q", code, body)
	}
	if code, body := env.get("/go-async-fail"); code != 200 || body != "caught negative" {
		t.Fatalf("got %d %q", code, body)
	}
}

func TestPromiseRejectionIsAnError(t *testing.T) {
	env := newEnv(t, map[string]string{
		"reject.pb.js": `
routerAdd("GET", "/reject", async () => {
	await new Promise((r) => setTimeout(r, 5));
	throw new TypeError("nope");
});
routerAdd("GET", "/unhandled", () => { Promise.reject(new Error("lost")); return "ok"; });
routerAdd("GET", "/timer-throws", () => { setTimeout(() => { throw new Error("late"); }, 1); return "ok"; });
routerAdd("GET", "/never", () => new Promise(() => {}));
routerAdd("GET", "/ok", () => "ok");
`,
	}, nil)
	gen := env.m.Current()
	ctx := context.Background()

	_, err := call(ctx, gen, "GET", "/reject")
	var se *ScriptError
	if !errors.As(err, &se) || se.Message != "TypeError: nope" || se.File != "reject.pb.js" || se.Line != 4 {
		t.Fatalf("reject: %#v", err)
	}
	_, err = call(ctx, gen, "GET", "/unhandled")
	if !errors.As(err, &se) || !strings.Contains(se.Message, "unhandled promise rejection: Error: lost") || se.Line != 6 {
		t.Fatalf("unhandled: %v", err)
	}
	_, err = call(ctx, gen, "GET", "/timer-throws")
	if !errors.As(err, &se) || se.Message != "Error: late" || se.Line != 7 {
		t.Fatalf("timer: %v", err)
	}
	if _, err = call(ctx, gen, "GET", "/never"); !errors.Is(err, errNeverSettled) {
		t.Fatalf("never: %v", err)
	}
	// the runtimes used above are clean again (or were replaced)
	for range 4 {
		if out, err := call(ctx, gen, "GET", "/ok"); err != nil || out != "ok" {
			t.Fatalf("ok: %q %v", out, err)
		}
	}
}

func TestRunawayScriptInterrupted(t *testing.T) {
	env := newEnv(t, map[string]string{
		"loop.pb.js": `
routerAdd("GET", "/loop", () => {
	while (true) {}
});
routerAdd("GET", "/hang", async () => { await new Promise(() => setInterval(() => {}, 5)); });
routerAdd("GET", "/ok", () => "ok");
`,
	}, func(o *Options) {
		o.PoolSize = 1
		o.Timeout = 150 * time.Millisecond
	})
	code, body := env.get("/loop")
	if code != http.StatusGatewayTimeout || !strings.Contains(body, "timed out after 150ms at loop.pb.js:") {
		t.Fatalf("loop: %d %q", code, body)
	}
	if code, body := env.get("/hang"); code != http.StatusGatewayTimeout {
		t.Fatalf("hang: %d %q", code, body)
	}
	for range 3 {
		if code, body := env.get("/ok"); code != 200 || body != "ok" {
			t.Fatalf("after timeout: %d %q", code, body)
		}
	}

	// the interrupted runtime is never handed out again
	gen := env.m.Current()
	ref, _ := route(gen, "GET", "/loop")
	var bad *Runtime
	err := gen.Run(context.Background(), func(rt *Runtime) error {
		bad = rt
		_, err := rt.CallHandler(ref)
		return err
	})
	var te *TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, ErrTimeout) || te.File != "loop.pb.js" {
		t.Fatalf("want TimeoutError, got %#v", err)
	}
	for range 5 {
		_ = gen.Run(context.Background(), func(rt *Runtime) error {
			if rt == bad {
				t.Error("interrupted runtime reused")
			}
			return nil
		})
	}

	// a ctx deadline is a budget too; a cancellation is not a timeout
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	err = gen.Run(ctx, func(rt *Runtime) error { _, err := rt.CallHandler(ref); return err })
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("cancel: %v", err)
	}
}

func TestErrorsPointAtScript(t *testing.T) {
	env := newEnv(t, map[string]string{
		"err.pb.js": `function explode(what) {
  throw new Error("boom: " + what);
}
routerAdd("GET", "/err", () => explode("now"));
routerAdd("GET", "/goerr", () => goFail("bad input"));
routerAdd("GET", "/async-err", async () => { await null; explode("later"); });
`,
	}, nil)
	gen := env.m.Current()
	_, err := call(context.Background(), gen, "GET", "/err")
	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("want ScriptError, got %#v", err)
	}
	if se.File != "err.pb.js" || se.Line != 2 || se.Column == 0 || se.Message != "Error: boom: now" {
		t.Fatalf("position: %+v", se)
	}
	if !strings.HasPrefix(se.Error(), "err.pb.js:2:") || !strings.Contains(se.Stack, "explode (err.pb.js:2:") ||
		!strings.Contains(se.Stack, "err.pb.js:4:") {
		t.Fatalf("error/stack: %s\n%s", se.Error(), se.Stack)
	}

	_, err = call(context.Background(), gen, "GET", "/async-err")
	if !errors.As(err, &se) || se.Line != 2 || !strings.Contains(se.Stack, "err.pb.js:6:") {
		t.Fatalf("async: %#v", err)
	}

	if code, body := env.get("/goerr"); code != 400 || body != "bad input" {
		t.Fatalf("go error: %d %q", code, body)
	}
	_, err = call(context.Background(), gen, "GET", "/goerr")
	var api *testAPIError
	if !errors.As(err, &se) || !errors.As(err, &api) || se.Line != 5 {
		t.Fatalf("unwrap: %#v", err)
	}
}

func TestRequireResolvesFromRequiringFile(t *testing.T) {
	files := map[string]string{
		"main.pb.js": `
const util = require("./lib/util.js");
const pad = require("leftpad");
const abs = require(__hooks + "/lib/util.js");
routerAdd("GET", "/req", () => [util.greet("bob"), pad("7", 3), abs === util, util.helperName()].join("|"));
routerAdd("GET", "/late", () => require("./lib/helper").name);
`,
		"lib/util.js":                       `const h = require("./helper"); module.exports = { greet: (n) => h.prefix + n, helperName: () => h.name };`,
		"lib/helper.js":                     `module.exports = { prefix: "hello ", name: "helper" };`,
		"node_modules/leftpad/package.json": `{"name": "leftpad", "main": "lib/main.js"}`,
		"node_modules/leftpad/lib/main.js":  `module.exports = function (s, n) { while (s.length < n) s = "0" + s; return s; };`,
	}
	t.Chdir(t.TempDir()) // a cwd-relative resolver would fail here
	env := newEnv(t, files, nil)
	if code, body := env.get("/req"); code != 200 || body != "hello bob|007|true|helper" {
		t.Fatalf("got %d %q", code, body)
	}
	if code, body := env.get("/late"); code != 200 || body != "helper" {
		t.Fatalf("got %d %q", code, body)
	}
}

func TestRequireSyntaxErrorPointsAtModule(t *testing.T) {
	_, err := newEnvErr(t, map[string]string{
		"a.pb.js":    `require("./lib/bad.js");`,
		"lib/bad.js": "module.exports = {\n  a: ,\n};",
	}, nil)
	var se *ScriptError
	if !errors.As(err, &se) || se.File != "lib/bad.js" || se.Line != 2 {
		t.Fatalf("got %#v", err)
	}
}

func TestConsoleOncePerGeneration(t *testing.T) {
	env := newEnv(t, map[string]string{
		"log.pb.js": `
console.log("top-level marker", { a: 1 }, [1, 2]);
routerAdd("GET", "/log", async () => {
	await new Promise((r) => setTimeout(r, 30));
	console.warn("in-call marker %d%%", 42);
	return "ok";
});
`,
	}, func(o *Options) { o.PoolSize = 4 })

	// more concurrent calls than the pool also build throwaway runtimes
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := call(context.Background(), env.m.Current(), "GET", "/log"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	logs := env.logs.String()
	if n := strings.Count(logs, "top-level marker"); n != 1 {
		t.Fatalf("top-level console ran visibly %d times:\n%s", n, logs)
	}
	if !strings.Contains(logs, `top-level marker {\"a\":1} [1,2]`) {
		t.Fatalf("formatting:\n%s", logs)
	}
	if n := strings.Count(logs, "in-call marker 42%"); n != 12 {
		t.Fatalf("in-call logs: %d\n%s", n, logs)
	}
}

func TestPoolExhaustionNeverBlocks(t *testing.T) {
	env := newEnv(t, map[string]string{
		"slow.pb.js": `routerAdd("GET", "/slow", async () => { await new Promise((r) => setTimeout(r, 30)); return "slow"; });`,
	}, func(o *Options) { o.PoolSize = 2 })
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Get(env.srv.URL + "/slow")
			if err != nil {
				errs <- err
				return
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || string(body) != "slow" {
				errs <- fmt.Errorf("status %d, body %q", res.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestNondeterministicRegistrationRejected(t *testing.T) {
	env, err := newEnvErr(t, map[string]string{
		"odd.pb.js": `routerAdd("GET", "/a", () => 1); if (!isPrimary) routerAdd("GET", "/b", () => 2);`,
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "primary registered 1") {
		t.Fatalf("got %v", err)
	}
	// the manager still serves, with an empty generation
	if gen := env.m.Current(); gen == nil || len(gen.Declarations()) != 0 {
		t.Fatalf("current: %+v", gen)
	}
	if code, _ := env.get("/a"); code != 404 {
		t.Fatalf("status %d", code)
	}
}

func TestRegisterOutsideLoadFails(t *testing.T) {
	env := newEnv(t, map[string]string{
		"late.pb.js": `routerAdd("GET", "/late", () => { routerAdd("GET", "/x", () => 1); return "no"; });`,
	}, nil)
	_, err := call(context.Background(), env.m.Current(), "GET", "/late")
	if err == nil || !strings.Contains(err.Error(), "only be registered by top-level") {
		t.Fatalf("got %v", err)
	}
}

func TestNodeGlobals(t *testing.T) {
	t.Setenv("JSVM_TEST_VAR", "from-env")
	env := newEnv(t, map[string]string{
		"g.pb.js": `routerAdd("GET", "/g", () => [
	process.env.JSVM_TEST_VAR,
	Buffer.from("hi").toString("base64"),
	__hooks.length > 0 && __hooks.startsWith("/") || __hooks.includes(":\\"),
	typeof require("buffer").Buffer,
].join("|"));`,
	}, nil)
	if code, body := env.get("/g"); code != 200 || body != "from-env|aGk=|true|function" {
		t.Fatalf("%d %q", code, body)
	}
}
