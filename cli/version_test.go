package cli

import (
	"strings"
	"testing"
)

// `hookbase --version` prints the version the release build stamps with
// -ldflags "-X github.com/hookbase/hookbase/cli.Version=…".
func TestVersionFlagPrintsTheStampedVersion(t *testing.T) {
	old := Version
	Version = "1.2.3-stamped"
	defer func() { Version = old }()
	out, err := run(t, "--version")
	if err != nil || strings.TrimSpace(out) != "hookbase version 1.2.3-stamped" {
		t.Fatalf("--version: %q %v", out, err)
	}
}
