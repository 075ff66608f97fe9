// Command hookbase is the prebuilt server: the engine, the JS VM and the
// CLI commands (serve, superuser, migrate).
package main

import (
	"fmt"
	"os"

	"github.com/hookbase/hookbase/cli"
)

func main() {
	if err := cli.NewRootCommand().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
