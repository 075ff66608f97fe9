package harness

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

const aptTimeout = 10 * time.Minute

// EnsureChromium installs Debian's chromium with apt-get when it is missing
// (CI machines start without it) and returns its path. A failed install
// fails t: the browser tests are never skipped.
func EnsureChromium(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err == nil {
		return ChromiumPath
	}
	npmMu.Lock() // one installer at a time within this process
	defer npmMu.Unlock()
	unlock, err := lockFile(filepath.Join(os.TempDir(), "hookbase-apt-chromium.lock"))
	if err != nil {
		t.Fatalf("harness: lock apt-get: %v", err)
	}
	defer unlock()
	if _, err := os.Stat(ChromiumPath); err == nil {
		return ChromiumPath
	}
	ctx, cancel := context.WithTimeout(context.Background(), aptTimeout)
	defer cancel()
	for _, args := range [][]string{{"update"}, {"install", "-y", "chromium"}} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("harness: apt-get %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	if _, err := os.Stat(ChromiumPath); err != nil {
		t.Fatalf("harness: chromium still missing after apt-get install: %v", err)
	}
	return ChromiumPath
}

// RunNodeTestFiles runs `node --test` on files in dir (one file at a time,
// tests in order) with env added, streaming output to t.Log; a non-zero
// exit or the timeout fails t.
func RunNodeTestFiles(t testing.TB, dir string, timeout time.Duration, env []string, files ...string) {
	t.Helper()
	node := requireTool(t, "node")
	checkNodeVersion(t, node)
	for _, f := range files {
		// Reading the sources here lets go test's cache see edits to them.
		if _, err := os.ReadFile(filepath.Join(dir, f)); err != nil {
			t.Fatalf("harness: node test file: %v", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := append([]string{"--test", "--test-concurrency=1", "--test-reporter=spec"}, files...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "NO_COLOR=1", "FORCE_COLOR=0"), env...)
	setGroupProcAttrs(cmd)
	cmd.WaitDelay = 5 * time.Second
	out := &lineLogger{t: t}
	cmd.Stdout, cmd.Stderr = out, out
	err := cmd.Run()
	out.flush()
	if ctx.Err() != nil {
		t.Fatalf("node --test %s: killed after %s", strings.Join(files, " "), timeout)
	}
	if err != nil {
		t.Fatalf("node --test %s failed: %v (output above)", strings.Join(files, " "), err)
	}
}
