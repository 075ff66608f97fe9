package tests

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/bindings/typesgen"
	"github.com/hookbase/hookbase/tests/harness"
)

// types.d.ts (at the repo root, embedded by serve) must be what the
// generator makes from the current bindings: run `go generate ./bindings/typesgen`.
func TestTypesDTSUpToDate(t *testing.T) {
	want, err := typesgen.Generate()
	if err != nil {
		t.Fatal(err)
	}
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, "types.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("types.d.ts is stale: run `go generate ./bindings/typesgen`")
	}
}

// ensureTypeScript installs tests/ts (typescript from npm) once per
// package-lock.json content and returns the tsc entry point.
func ensureTypeScript(t *testing.T) string {
	t.Helper()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "tests", "ts")
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	want := hex.EncodeToString(sum[:])
	stamp := filepath.Join(dir, "node_modules", ".hookbase-install-stamp")
	tsc := filepath.Join(dir, "node_modules", "typescript", "bin", "tsc")
	if got, err := os.ReadFile(stamp); err == nil && string(got) == want {
		return tsc
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Fatal("npm is required to type-check types.d.ts")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in tests/ts: %v\n%s", err, out)
	}
	if err := os.WriteFile(stamp, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
	return tsc
}

// tscLayout lays out a project as users have it (pb_data/types.d.ts next
// to the script dirs, so the reference lines resolve) and returns its dir.
func tscLayout(t *testing.T, dirs map[string]string, include []string) string {
	t.Helper()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	if err := os.MkdirAll(filepath.Join(base, "pb_data"), 0o755); err != nil {
		t.Fatal(err)
	}
	types, err := os.ReadFile(filepath.Join(root, "types.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(base, "pb_data", "types.d.ts"), types, 0o644); err != nil {
		t.Fatal(err)
	}
	for to, from := range dirs {
		copyDir(t, filepath.Join(root, from), filepath.Join(base, to))
	}
	quoted := make([]string, len(include))
	for i, p := range include {
		quoted[i] = strconv.Quote(p)
	}
	// no DOM, no @types: only ES and the declarations under test
	config := `{"compilerOptions":{"noEmit":true,"allowJs":true,"checkJs":true,"lib":["es2022"],"target":"es2022",` +
		`"module":"commonjs","types":[]},"include":["pb_data/types.d.ts",` + strings.Join(quoted, ",") + `]}`
	if err := os.WriteFile(filepath.Join(base, "tsconfig.json"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return base
}

// runTSC returns tsc's diagnostics (one per line) for the project in dir.
func runTSC(t *testing.T, tsc, dir string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", tsc, "-p", ".", "--pretty", "false")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var lines []string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if err != nil && len(lines) == 0 {
		t.Fatalf("tsc: %v", err)
	}
	return lines
}

// Every example hook and migration and every documented usage type-checks
// with tsc --checkJs against types.d.ts with zero errors.
func TestTypesCheckExamples(t *testing.T) {
	tsc := ensureTypeScript(t)
	dir := tscLayout(t, map[string]string{
		"pb_hooks":      "pb_hooks_example",
		"pb_migrations": "pb_migrations_example",
		"cases":         "tests/ts/cases",
	}, []string{"pb_hooks/*.pb.js", "pb_migrations/*.js", "pb_migrations/*.ts", "cases/valid.js"})
	if diags := runTSC(t, tsc, dir); len(diags) > 0 {
		t.Fatalf("tsc reported %d errors:\n%s", len(diags), strings.Join(diags, "\n"))
	}
}

var diagLine = regexp.MustCompile(`^cases/invalid\.js\((\d+),\d+\): error`)

// Every line of tests/ts/cases/invalid.js marked @expect-error is rejected,
// and nothing else is.
func TestTypesRejectWrongCalls(t *testing.T) {
	tsc := ensureTypeScript(t)
	dir := tscLayout(t, map[string]string{"cases": "tests/ts/cases"}, []string{"cases/invalid.js"})
	src, err := os.ReadFile(filepath.Join(dir, "cases", "invalid.js"))
	if err != nil {
		t.Fatal(err)
	}
	expected := map[int]bool{}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, "// @expect-error") {
			expected[i+1] = true
		}
	}
	if len(expected) < 10 {
		t.Fatalf("only %d wrong calls in invalid.js", len(expected))
	}
	got := map[int]bool{}
	for _, d := range runTSC(t, tsc, dir) {
		m := diagLine.FindStringSubmatch(d)
		if m == nil {
			t.Errorf("unexpected diagnostic: %s", d)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if !expected[n] {
			t.Errorf("line %d is valid but was rejected: %s", n, d)
		}
		got[n] = true
	}
	var missed []int
	for n := range expected {
		if !got[n] {
			missed = append(missed, n)
		}
	}
	sort.Ints(missed)
	if len(missed) > 0 {
		t.Errorf("wrong calls accepted by tsc on lines %v of invalid.js", missed)
	}
}

// Hooks and migrations written as public projects write them (tests/ts/
// realworld: `c` for the event, async handlers, error classes called
// without new, findRecordsByFilter with 2–5 arguments, dashboard-style
// unmarshal migrations) type-check with zero errors.
func TestTypesCheckRealWorldProjects(t *testing.T) {
	tsc := ensureTypeScript(t)
	dir := tscLayout(t, map[string]string{
		"pb_hooks":      "tests/ts/realworld/pb_hooks",
		"pb_migrations": "tests/ts/realworld/pb_migrations",
	}, []string{"pb_hooks/*.pb.js", "pb_migrations/*.js"})
	if diags := runTSC(t, tsc, dir); len(diags) > 0 {
		t.Fatalf("tsc reported %d errors:\n%s", len(diags), strings.Join(diags, "\n"))
	}
}
