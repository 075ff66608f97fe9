package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// A hook file that fails to load at start-up is logged with file:line and
// the other files still load and serve; on a hot reload the rule is all or
// nothing (the previous generation serves) and the log names the file
// that blocked the reload.
func TestJSVMStartSkipsBrokenHookFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"01_good.pb.js":   `routerAdd("GET", "/good", (e) => e.string(200, "good"))`,
		"02_broken.pb.js": "routerAdd(\"GET\", \"/broken\", (e) => e.string(200, \"broken\"))\nconst x = (;\n",
		"03_throws.pb.js": "routerAdd(\"GET\", \"/throws\", (e) => e.string(200, \"throws\"))\nundefinedFunction()\n",
		"04_good.pb.js":   `routerAdd("GET", "/also-good", (e) => e.string(200, "also good"))`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := harness.Start(t, harness.Options{HooksDir: dir, Args: []string{"--hooksWatch=true"}})
	expect(t, s, "GET", "/good", nil, "", 200, "good")
	expect(t, s, "GET", "/also-good", nil, "", 200, "also good")
	expect(t, s, "GET", "/broken", nil, "", 404)
	expect(t, s, "GET", "/throws", nil, "", 404)
	for _, want := range []string{"02_broken.pb.js:2:", "03_throws.pb.js:2:", "ReferenceError"} {
		if !s.WaitForLog(want) {
			t.Fatalf("the log does not name %q:\n%s", want, s.Log())
		}
	}

	// hot reload: 02 fixed but 03 still broken → nothing changes, 03 is named
	if err := os.WriteFile(filepath.Join(dir, "02_broken.pb.js"), []byte(`routerAdd("GET", "/broken", (e) => e.string(200, "fixed"))`), 0o644); err != nil {
		t.Fatal(err)
	}
	if !s.WaitForLog("03_throws.pb.js blocked the reload") {
		t.Fatalf("the reload log does not name the blocking file:\n%s", s.Log())
	}
	expect(t, s, "GET", "/broken", nil, "", 404)
	expect(t, s, "GET", "/good", nil, "", 200, "good")

	// fixing 03 reloads everything
	if err := os.WriteFile(filepath.Join(dir, "03_throws.pb.js"), []byte(`routerAdd("GET", "/throws", (e) => e.string(200, "fixed too"))`), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, body := s.Do("GET", "/throws", nil, "")
		if resp.StatusCode == 200 && strings.Contains(string(body), "fixed too") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fixed files were not loaded:\n%s", s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	expect(t, s, "GET", "/broken", nil, "", 200, "fixed")
}
