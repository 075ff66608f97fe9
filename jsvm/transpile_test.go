package jsvm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func writeScript(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runMigration compiles file in a host of dir and calls the up function
// it passes to migrate(); it returns what up returned.
func runMigration(t *testing.T, host *ScriptHost, file string) (goja.Value, error) {
	t.Helper()
	prg, err := host.Compile(file)
	if err != nil {
		return nil, err
	}
	var up goja.Callable
	var result goja.Value
	err = host.Run(context.Background(), prg, func(rt *Runtime) error {
		return rt.VM.Set("migrate", func(fn goja.Value) { up, _ = goja.AssertFunction(fn) })
	}, func(rt *Runtime) error {
		if up == nil {
			return errors.New("migrate() not called")
		}
		v, err := rt.Call(up)
		result = v
		return err
	})
	return result, err
}

func TestTranspileTSStripsTypesAndMapsLines(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, dir, "1_ok.ts", `interface Row { n: number }
const rows: Row[] = [{ n: 1 }, { n: 2 }]
enum Kind { A = "a" }
migrate(async (): Promise<string> => {
  await new Promise((r) => setTimeout(r, 1))
  return rows.map((r: Row) => r.n).join(",") + Kind.A
})
`)
	writeScript(t, dir, "2_throws.ts", `type Id = string

function check(id: Id): never {
  throw new Error("bad id " + id)
}

migrate(() => {
  check("x")
})
`)
	host := NewScriptHost(Options{HooksDir: dir})
	v, err := runMigration(t, host, "1_ok.ts")
	if err != nil || v.String() != "1,2a" {
		t.Fatalf("got %v, %v", v, err)
	}
	_, err = runMigration(t, host, "2_throws.ts")
	var se *ScriptError
	if !errors.As(err, &se) || se.File != "2_throws.ts" || se.Line != 4 || !strings.Contains(se.Message, "bad id x") {
		t.Fatalf("error not located in the .ts source: %#v", err)
	}
	if !strings.Contains(se.Stack, "2_throws.ts:8:") {
		t.Fatalf("stack not mapped: %s", se.Stack)
	}
}

func TestTranspileTSSyntaxErrorNamesFileLine(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, dir, "bad.ts", "const a: number = 1\n\nlet b = (a +\n")
	_, err := NewScriptHost(Options{HooksDir: dir}).Compile("bad.ts")
	var se *ScriptError
	if !errors.As(err, &se) || se.File != "bad.ts" || se.Line != 4 || !strings.HasPrefix(se.Message, "SyntaxError:") {
		t.Fatalf("got %#v", err)
	}
	if !strings.HasPrefix(err.Error(), "bad.ts:4:") {
		t.Fatalf("message: %s", err)
	}
}

// ES module syntax becomes CommonJS; the banner keeps the line mapping.
func TestTranspileTSModuleSyntax(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, dir, "esm.ts", `export const answer: number = 42

export function fail(): void {
  throw new Error("from esm")
}

migrate(() => {
  if (module.exports.answer !== 42) throw new Error("exports not set")
  fail()
})
`)
	_, err := runMigration(t, NewScriptHost(Options{HooksDir: dir}), "esm.ts")
	var se *ScriptError
	if !errors.As(err, &se) || se.Line != 4 || !strings.Contains(se.Message, "from esm") {
		t.Fatalf("got %#v", err)
	}
}

func TestDefaultTransformWritesReferenceIntoEmptyHooks(t *testing.T) {
	dir := t.TempDir()
	p := writeScript(t, dir, "new.pb.js", "\n")
	out, err := DefaultTransform(p, []byte("\n"))
	if err != nil {
		t.Fatal(err)
	}
	disk, _ := os.ReadFile(p)
	if !strings.HasPrefix(string(disk), TypesReferenceLine) || string(out) != string(disk) {
		t.Fatalf("disk %q, compiled %q", disk, out)
	}
	// a non-empty file is left alone
	src := []byte("// mine\n")
	if out, _ := DefaultTransform(p, src); string(out) != string(src) {
		t.Fatalf("changed a non-empty file: %q", out)
	}
}

// A .pb.ts hook loads through the manager like a .pb.js one.
func TestManagerLoadsTypeScriptHooks(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, dir, "a.pb.ts", "const greeting: string = 'hi'\nglobalThis.greet = (name: string): string => greeting + ' ' + name\n")
	m := NewManager(Options{HooksDir: dir, PoolSize: 1})
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var got string
	err := m.Current().Run(context.Background(), func(rt *Runtime) error {
		v, err := rt.VM.RunString("greet('ada')")
		if err == nil {
			got = v.String()
		}
		return err
	})
	if err != nil || got != "hi ada" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestScriptHostTimeout(t *testing.T) {
	dir := t.TempDir()
	writeScript(t, dir, "loop.js", "migrate(() => { for (;;) {} })\n")
	host := NewScriptHost(Options{HooksDir: dir, Timeout: 50 * time.Millisecond})
	_, err := runMigration(t, host, "loop.js")
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v", err)
	}
}

func TestScriptHostMigrationFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"2_b.ts", "1_a.js", "types.d.ts", "notes.txt", ".hidden.js"} {
		writeScript(t, dir, name, "")
	}
	files, err := NewScriptHost(Options{HooksDir: dir}).MigrationFiles()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	if strings.Join(names, ",") != "1_a.js,2_b.ts" {
		t.Fatalf("got %v", names)
	}
}
