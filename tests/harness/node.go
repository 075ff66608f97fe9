package harness

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	nodeTestTimeout = 2 * time.Minute
	npmTimeout      = 3 * time.Minute
	// stampName records, inside node_modules, the hash of the manifest that
	// node_modules was installed from.
	stampName = ".hookbase-install-stamp"
)

var npmMu sync.Mutex

// SDKDir returns tests/sdk, where the node tests and their package.json live.
func SDKDir(t testing.TB) string {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	return filepath.Join(root, "tests", "sdk")
}

// RunNodeTests runs `node --test files…` in tests/sdk against server, with
// HOOKBASE_URL, HOOKBASE_SU_EMAIL and HOOKBASE_SU_PASSWORD set. Paths are
// relative to tests/sdk. Output goes to t.Log; a non-zero exit fails t.
// Missing node or npm fails t too: these tests are never skipped.
func RunNodeTests(t testing.TB, server *Server, files ...string) {
	t.Helper()
	RunNodeTestsEnv(t, server, nil, files...)
}

// RunNodeTestsEnv is RunNodeTests with extra KEY=VALUE variables for the
// node process (e.g. where the tests' SMTP capture or OIDC provider listen).
func RunNodeTestsEnv(t testing.TB, server *Server, env []string, files ...string) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("harness: RunNodeTests needs at least one test file")
	}
	node := requireTool(t, "node")
	checkNodeVersion(t, node)
	dir := SDKDir(t)
	EnsureSDKDeps(t)

	// Reading the test sources in-process lets go test's cache see edits to
	// them (node reads them in a subprocess that go test does not watch).
	hashSDKSources(t, dir)
	for _, f := range files {
		if !filepath.IsAbs(f) {
			f = filepath.Join(dir, f)
		}
		if _, err := os.ReadFile(f); err != nil {
			t.Fatalf("harness: node test file: %v", err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), nodeTestTimeout)
	defer cancel()
	args := append([]string{"--test", "--test-reporter=spec"}, files...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOOKBASE_URL="+server.URL,
		"HOOKBASE_SU_EMAIL="+server.SuperuserEmail,
		"HOOKBASE_SU_PASSWORD="+server.SuperuserPassword,
		"NO_COLOR=1",
		"FORCE_COLOR=0",
	)
	cmd.Env = append(cmd.Env, env...)
	setGroupProcAttrs(cmd)
	cmd.WaitDelay = 5 * time.Second
	out := &lineLogger{t: t}
	cmd.Stdout, cmd.Stderr = out, out // one writer → one copying goroutine
	err := cmd.Run()
	out.flush()
	if ctx.Err() != nil {
		t.Fatalf("node --test %s: killed after %s", strings.Join(files, " "), nodeTestTimeout)
	}
	if err != nil {
		t.Fatalf("node --test %s failed: %v (output above; server log at the end)", strings.Join(files, " "), err)
	}
}

// EnsureSDKDeps installs tests/sdk's npm dependencies (see EnsureNodeDeps).
func EnsureSDKDeps(t testing.TB) {
	t.Helper()
	EnsureNodeDeps(t, SDKDir(t))
}

// EnsureNodeDeps installs the npm dependencies of dir (its package.json and
// package-lock.json) with `npm ci` when node_modules is missing or was
// installed from another lock file. A file lock keeps parallel test
// processes from installing at once.
func EnsureNodeDeps(t testing.TB, dir string) {
	t.Helper()
	want, err := manifestHash(dir)
	if err != nil {
		t.Fatalf("harness: %v", err)
	}
	stamp := filepath.Join(dir, "node_modules", stampName)
	upToDate := func() bool {
		got, err := os.ReadFile(stamp)
		return err == nil && string(got) == want
	}
	npmMu.Lock()
	defer npmMu.Unlock()
	if upToDate() {
		return
	}
	npm := requireTool(t, "npm")
	unlock, err := lockFile(filepath.Join(os.TempDir(), "hookbase-npm-"+shortHash(dir)+".lock"))
	if err != nil {
		t.Fatalf("harness: lock npm install: %v", err)
	}
	defer unlock()
	if upToDate() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), npmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("harness: npm ci in %s failed: %v\n%s", dir, err, out)
	}
	if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
		t.Fatalf("harness: write %s: %v", stamp, err)
	}
}

func manifestHash(dir string) (string, error) {
	h := sha256.New()
	for _, name := range []string{"package.json", "package-lock.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "", fmt.Errorf("npm manifest in %s: %w", dir, err)
		}
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashSDKSources reads every script under tests/sdk outside node_modules.
func hashSDKSources(t testing.TB, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".js", ".mjs", ".cjs", ".ts", ".mts", ".json":
			_, err = os.ReadFile(path)
		}
		return err
	})
	if err != nil {
		t.Fatalf("harness: read tests/sdk: %v", err)
	}
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

func requireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("harness: %q is not on PATH: the SDK end-to-end tests need Node.js 18+ and npm installed (%v)", name, err)
	}
	return path
}

// checkNodeVersion wants a node with global fetch and node:test (18+).
func checkNodeVersion(t testing.TB, node string) {
	t.Helper()
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		t.Fatalf("harness: node --version: %v", err)
	}
	v := strings.TrimPrefix(strings.TrimSpace(string(out)), "v")
	parts := strings.SplitN(v, ".", 3)
	major, err := strconv.Atoi(parts[0])
	minor := 0
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	// 20.11 is the oldest release with everything the tests use:
	// import.meta.dirname (tests/ui) and node --test-concurrency.
	if err != nil || major < 20 || (major == 20 && minor < 11) {
		t.Fatalf("harness: node %s is too old: the tests need Node.js 20.11+ (the README says so too)", v)
	}
}

// lineLogger forwards output to t.Log one line at a time.
type lineLogger struct {
	t   testing.TB
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lineLogger) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		i := bytes.IndexByte(l.buf.Bytes(), '\n')
		if i < 0 {
			break
		}
		l.t.Log(string(l.buf.Next(i + 1)[:i]))
	}
	return len(p), nil
}

func (l *lineLogger) flush() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buf.Len() > 0 {
		l.t.Log(l.buf.String())
		l.buf.Reset()
	}
}
