package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestCommittedBuildMatchesSources rebuilds the dashboard from its sources
// (npm ci + vite build into a temp dir) and fails when the committed dist/
// differs, so the embedded dashboard is always the one the sources make.
func TestCommittedBuildMatchesSources(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatalf("npm is needed to rebuild the dashboard: %v", err)
	}
	ensureDeps(t, npm)

	out := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("node_modules", "vite", "bin", "vite.js"), "build", "--outDir", out, "--emptyOutDir", "--logLevel", "warn")
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("vite build: %v\n%s", err, output)
	}

	want, got := readTree(t, out), readTree(t, "dist")
	for name, data := range want {
		if committed, ok := got[name]; !ok {
			t.Errorf("dist/%s is missing: run `npm run build` in engine/ui and commit dist/", name)
		} else if !bytes.Equal(committed, data) {
			t.Errorf("dist/%s differs from a fresh build: run `npm run build` in engine/ui and commit dist/", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("dist/%s is not produced by the sources any more: run `npm run build` and commit", name)
		}
	}
}

// ensureDeps runs `npm ci` unless node_modules was installed from the
// current package-lock.json.
func ensureDeps(t *testing.T, npm string) {
	lock, err := os.ReadFile("package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	want := hex.EncodeToString(sum[:])
	stamp := filepath.Join("node_modules", ".hookbase-install-stamp")
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in engine/ui: %v\n%s", err, output)
	}
	if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		data, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s is empty", root)
	}
	return files
}
