package jsvm

import (
	"errors"
	"strings"
	"testing"
)

// At start-up a hook file that fails to load (a syntax error, or top-level
// code that throws, here from a require()d module) is logged with its
// file:line and left out whole, and the other files load and serve. A
// later reload is all or nothing again: while a file is broken the
// previous generation serves and the log names the file that blocked it.
func TestStartSkipsBrokenFilesReloadIsAllOrNothing(t *testing.T) {
	env, err := newEnvErr(t, map[string]string{
		"a.pb.js":    `routerAdd("GET", "/a", () => "a");`,
		"b.pb.js":    "routerAdd(\"GET\", \"/b\", () => 'b');\nconst x = (;\n",
		"c.pb.js":    "routerAdd(\"GET\", \"/c\", () => 'c');\nrequire(`${__hooks}/lib/bad.js`);\n",
		"d.pb.js":    `routerAdd("GET", "/d", () => "d");`,
		"lib/bad.js": "module.exports = 1;\nthrow new Error('bad module');\n",
	}, nil)
	if err == nil {
		t.Fatal("Start reported no error")
	}
	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("start error: %#v", err)
	}
	for _, want := range []string{"b.pb.js:2:", "c.pb.js: lib/bad.js:2:", "bad module"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("start error %q lacks %q", err, want)
		}
	}
	logs := env.logs.String()
	for _, want := range []string{"b.pb.js failed to load and is left out", "b.pb.js:2:", "c.pb.js failed to load and is left out", "lib/bad.js:2:"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	for path, code := range map[string]int{"/a": 200, "/d": 200, "/b": 404, "/c": 404} {
		if got, _ := env.get(path); got != code {
			t.Errorf("%s: %d, want %d", path, got, code)
		}
	}

	// reload: b fixed, c still broken → all or nothing, the log names c
	before := env.m.Current().ID()
	writeFile(t, env.dir, "b.pb.js", `routerAdd("GET", "/b", () => "b");`)
	if err := env.m.Reload(); err == nil || failedFile(err) != "c.pb.js" {
		t.Fatalf("reload error: %v", err)
	}
	if !strings.Contains(env.logs.String(), "c.pb.js blocked the reload, keeping the previous generation") {
		t.Errorf("the log does not say which file blocked the reload:\n%s", env.logs.String())
	}
	if env.m.Current().ID() != before {
		t.Fatal("a partial generation became current on reload")
	}
	if code, _ := env.get("/b"); code != 404 {
		t.Errorf("/b served before the reload succeeded: %d", code)
	}

	// c fixed: every file serves
	writeFile(t, env.dir, "lib/bad.js", "module.exports = 1;\n")
	if err := env.m.Reload(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/a", "/b", "/c", "/d"} {
		if code, body := env.get(path); code != 200 || body != path[1:] {
			t.Errorf("%s: %d %q", path, code, body)
		}
	}
}
