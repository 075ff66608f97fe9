package jsvm

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// TransformFunc rewrites a script's source before it is compiled. path is
// the script's absolute path; an error should be a *ScriptError naming
// file:line so that it is reported like any other script error.
type TransformFunc func(path string, src []byte) ([]byte, error)

// TypesReferenceLine is prepended to new empty hook scripts so editors find
// the generated declarations (pb_data sits next to pb_hooks).
const TypesReferenceLine = `/// <reference path="../pb_data/types.d.ts" />`

// NoTransform compiles the sources exactly as they are on disk.
func NoTransform(_ string, src []byte) ([]byte, error) { return src, nil }

// DefaultTransform is used when Options.Transform is nil: TypeScript files
// (*.ts) are transpiled with esbuild, and an empty *.pb.js file gets the
// types reference line written into it (as PocketBase does) so that a newly
// created hook file autocompletes.
func DefaultTransform(path string, src []byte) ([]byte, error) {
	if len(bytes.TrimSpace(src)) == 0 && strings.HasSuffix(path, ".pb.js") {
		ref := []byte(TypesReferenceLine + "\n\n")
		// best effort: a read-only hooks dir still loads the (empty) script
		_ = os.WriteFile(path, ref, 0o644)
		return ref, nil
	}
	if strings.HasSuffix(path, ".ts") && !strings.HasSuffix(path, ".d.ts") {
		return TranspileTS(path, src)
	}
	return src, nil
}

func applyTransform(dir string, transform TransformFunc, path string, src []byte) ([]byte, error) {
	if transform == nil {
		transform = DefaultTransform
	}
	out, err := transform(path, src)
	if err != nil {
		if se, ok := err.(*ScriptError); ok {
			se.File = relName(dir, se.File)
			return nil, se
		}
		return nil, fmt.Errorf("jsvm: transform %s: %w", relName(dir, path), err)
	}
	return out, nil
}

// esmSyntax spots top-level import/export statements, which goja cannot run
// as a script: such files are converted to CommonJS (require/module.exports).
var esmSyntax = regexp.MustCompile(`(?m)^\s*(import\s*[\w{*"']|export\s)`)

// cjsBanner gives a converted ES module the CommonJS globals it writes to;
// it sits on the first line so the source map still lines up.
const cjsBanner = `var module = (typeof module === "object" && module) || {exports: {}}, exports = module.exports;`

// TranspileTS strips the TypeScript syntax of src in-process (esbuild) and
// appends an inline source map, so goja reports positions in the .ts file.
// Type errors are not checked here (that is tsc's job); a syntax error is
// returned as a *ScriptError naming path:line:col.
func TranspileTS(path string, src []byte) ([]byte, error) {
	opts := api.TransformOptions{
		Loader:     api.LoaderTS,
		Sourcefile: path,
		Sourcemap:  api.SourceMapInline,
		// keep the emitted code close to the source; goja understands ES2020+
		Target:      api.ES2020,
		LogLevel:    api.LogLevelSilent,
		TsconfigRaw: `{"compilerOptions":{"useDefineForClassFields":false}}`,
	}
	if esmSyntax.Match(src) {
		opts.Format = api.FormatCommonJS
		opts.Banner = cjsBanner
	}
	res := api.Transform(string(src), opts)
	if len(res.Errors) > 0 {
		msg := res.Errors[0]
		se := &ScriptError{Message: "SyntaxError: " + msg.Text, File: path}
		if loc := msg.Location; loc != nil {
			se.Line, se.Column = loc.Line, loc.Column+1
		}
		return nil, se
	}
	return res.Code, nil
}

// isScriptName reports whether name is a file the migrations loader runs.
func isMigrationName(name string) bool {
	ext := filepath.Ext(name)
	if strings.HasSuffix(name, ".d.ts") || strings.HasPrefix(name, ".") {
		return false
	}
	return ext == ".js" || ext == ".ts"
}
