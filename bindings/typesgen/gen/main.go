// Command gen writes types.d.ts at the repo root; run it with
// `go generate ./bindings/typesgen`.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/hookbase/hookbase/bindings/typesgen"
)

func main() {
	content, err := typesgen.Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// go generate runs in the package dir (bindings/typesgen)
	if err := os.WriteFile(filepath.Join("..", "..", "types.d.ts"), []byte(content), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
