// Command gen writes types.d.ts at the repo root and the copy embedded in
// bindings/typesgen; run it with `go generate ./bindings/typesgen`.
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
	for _, path := range []string{"types.d.ts", filepath.Join("..", "..", "types.d.ts")} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
