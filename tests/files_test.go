package tests

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// TestSDKFiles drives file fields through the official SDK on local
// storage: uploads (FormData and JSON+files), modifiers, validation codes,
// serving headers, ranges, thumbs of every mode, EXIF rotation, protected
// files and cleanup on failed transactions. The node side also inspects
// pb_data/storage directly (HOOKBASE_DATA_DIR).
func TestSDKFiles(t *testing.T) {
	s := harness.Start(t, harness.Options{})
	t.Setenv("HOOKBASE_DATA_DIR", s.DataDir)
	t.Setenv("HOOKBASE_FIXTURES", writeImageFixtures(t))
	harness.RunNodeTests(t, s, "files.test.mjs")
}

// writeImageFixtures writes the images the node tests upload:
//   - wide.png 400x200: left half red, right half blue (crop modes);
//   - tall.png 100x300: top third red, rest green (top/bottom crops);
//   - rotated.jpg 300x100 pixels tagged EXIF orientation 6 (shown 100x300).
func writeImageFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	wide := image.NewNRGBA(image.Rect(0, 0, 400, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 400; x++ {
			c := color.NRGBA{255, 0, 0, 255}
			if x >= 200 {
				c = color.NRGBA{0, 0, 255, 255}
			}
			wide.Set(x, y, c)
		}
	}
	tall := image.NewNRGBA(image.Rect(0, 0, 100, 300))
	for y := 0; y < 300; y++ {
		for x := 0; x < 100; x++ {
			c := color.NRGBA{0, 255, 0, 255}
			if y < 100 {
				c = color.NRGBA{255, 0, 0, 255}
			}
			tall.Set(x, y, c)
		}
	}
	writePNG(t, filepath.Join(dir, "wide.png"), wide)
	writePNG(t, filepath.Join(dir, "tall.png"), tall)

	photo := image.NewRGBA(image.Rect(0, 0, 300, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 300; x++ {
			photo.Set(x, y, color.RGBA{200, 180, 20, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, photo, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rotated.jpg"), withEXIFOrientation(buf.Bytes(), 6), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// withEXIFOrientation inserts an APP1 Exif segment holding only the
// Orientation tag right after the JPEG's SOI marker.
func withEXIFOrientation(jpg []byte, orientation uint16) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM")                                // big endian
	binary.Write(&tiff, binary.BigEndian, uint16(42))     // TIFF magic
	binary.Write(&tiff, binary.BigEndian, uint32(8))      // IFD0 offset
	binary.Write(&tiff, binary.BigEndian, uint16(1))      // one entry
	binary.Write(&tiff, binary.BigEndian, uint16(0x0112)) // Orientation
	binary.Write(&tiff, binary.BigEndian, uint16(3))      // SHORT
	binary.Write(&tiff, binary.BigEndian, uint32(1))      // count
	binary.Write(&tiff, binary.BigEndian, orientation)    // value
	binary.Write(&tiff, binary.BigEndian, uint16(0))      // padding
	binary.Write(&tiff, binary.BigEndian, uint32(0))      // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// TestSDKFilesFromHooks loads pb_hooks_example and checks the JS side of
// files: $filesystem.fileFrom…, record.set with modifiers from a hook,
// e.findUploadedFiles, $app.newFilesystem() and the file request hooks.
func TestSDKFilesFromHooks(t *testing.T) {
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{CopyHooksFrom: filepath.Join(root, "pb_hooks_example")})
	t.Setenv("HOOKBASE_DATA_DIR", s.DataDir)
	t.Setenv("HOOKBASE_FIXTURES", writeImageFixtures(t))
	harness.RunNodeTests(t, s, "files_hooks.test.mjs")
}
