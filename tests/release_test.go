package tests

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"debug/pe"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// The release script cross-compiles a foreign target (windows/arm64, CGO
// off) into an archive with the version stamped and a matching checksum.
func TestReleaseScriptCrossCompilesWindowsArm64(t *testing.T) {
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(t.TempDir(), "dist")
	const version = "9.8.7-releasetest"
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "release.sh"), "v"+version, "windows/arm64")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "DIST="+dist)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("release.sh: %v\n%s", err, out)
	}

	archive := filepath.Join(dist, "hookbase_"+version+"_windows_arm64.zip")
	raw, err := os.ReadFile(archive)
	if err != nil {
		t.Fatalf("archive: %v", err)
	}
	sum := sha256.Sum256(raw)
	checksums, err := os.ReadFile(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(sum[:]) + "  " + filepath.Base(archive)
	if strings.TrimSpace(string(checksums)) != want {
		t.Fatalf("checksums.txt = %q, want %q", checksums, want)
	}

	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var exe []byte
	names := []string{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "hookbase.exe" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			exe, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if exe == nil || !strings.Contains(strings.Join(names, " "), "README.md") {
		t.Fatalf("archive holds %v", names)
	}
	bin, err := pe.NewFile(bytes.NewReader(exe))
	if err != nil {
		t.Fatalf("hookbase.exe is not a PE binary: %v", err)
	}
	if bin.Machine != pe.IMAGE_FILE_MACHINE_ARM64 {
		t.Fatalf("hookbase.exe machine %#x, want arm64", bin.Machine)
	}
	// a CGO build would import the C runtime DLLs besides kernel32 & co
	libs, _ := bin.ImportedLibraries()
	for _, lib := range libs {
		if strings.Contains(strings.ToLower(lib), "msvcrt") || strings.Contains(strings.ToLower(lib), "libgcc") {
			t.Fatalf("hookbase.exe links %s: not a CGO-free build", lib)
		}
	}
	if !bytes.Contains(exe, []byte(version)) {
		t.Fatal("the version is not stamped into the binary")
	}
}
