// Package harness runs the real hookbase binary for end-to-end tests: it
// builds cmd/hookbase once per test process, starts servers on free ports
// with throw-away data dirs, and runs the official JS SDK tests under node.
package harness

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// BinaryEnv names an environment variable holding a prebuilt hookbase
// binary; when set the harness uses it instead of building one (CI can build
// once for all test packages).
const BinaryEnv = "HOOKBASE_TEST_BINARY"

var (
	rootOnce sync.Once
	rootDir  string
	rootErr  error

	buildOnce sync.Once
	buildPath string
	buildErr  error
	buildDir  string // the per-process temp dir we own and remove in Main
)

// ModuleRoot returns the directory of the go.mod that encloses the working
// directory (go test runs each package in its own source dir).
func ModuleRoot() (string, error) {
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			rootErr = err
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				rootDir = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				rootErr = fmt.Errorf("no go.mod above %s", dir)
				return
			}
			dir = parent
		}
	})
	return rootDir, rootErr
}

// Binary returns the path of the hookbase binary, building it on first use.
// A build failure fails t (and every later caller in the same process).
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() { buildPath, buildErr = build() })
	if buildErr != nil {
		t.Fatalf("harness: %v", buildErr)
	}
	return buildPath
}

func build() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	// Touching the sources from the test process makes go test's result cache
	// depend on them: the binary is built by a subprocess, which go test does
	// not see, so without this a cached PASS would survive an engine change.
	statSources(root)

	if prebuilt := os.Getenv(BinaryEnv); prebuilt != "" {
		if _, err := os.Stat(prebuilt); err != nil {
			return "", fmt.Errorf("%s=%s: %w", BinaryEnv, prebuilt, err)
		}
		return prebuilt, nil
	}

	buildDir = filepath.Join(os.TempDir(), fmt.Sprintf("hookbase-test-%d", os.Getpid()))
	if err := os.MkdirAll(buildDir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(buildDir, "hookbase")
	cmd := exec.Command("go", "build", "-o", out, "./cmd/hookbase")
	cmd.Dir = root
	started := time.Now()
	if output, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/hookbase failed: %v\n%s", err, output)
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "harness: built %s in %s\n", out, time.Since(started).Round(time.Millisecond))
	}
	return out, nil
}

// statSources stats every file the binary could be built from or embed.
func statSources(root string) {
	skip := map[string]bool{".git": true, "node_modules": true, "pb_data": true, ".bin": true}
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != root && (skip[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		_, _ = os.Stat(path)
		return nil
	})
}

// Main runs the tests of a package and removes the binary built for them.
// Use it from TestMain: func TestMain(m *testing.M) { os.Exit(harness.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	return code
}
