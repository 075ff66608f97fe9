package ui

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"path"
	"regexp"
	"testing"
)

// InitialLoadBudget is the most the dashboard's first load may weigh: the
// JS and CSS that index.html references (and what those import statically),
// gzip-compressed. PocketBase's dashboard loads about 253 KB.
const InitialLoadBudget = 150 * 1024

var (
	htmlAsset   = regexp.MustCompile(`(?:src|href)="/_/(assets/[^"]+\.(?:js|css))"`)
	staticChunk = regexp.MustCompile(`(?:^|[;}\s])import(?:[^("'\x60]*?from)?\s*"\./([^"]+\.js)"`)
)

// initialAssets lists the files a browser fetches for /_/ before any page
// chunk: index.html's scripts and styles and their static imports.
func initialAssets(fsys fs.FS) ([]string, error) {
	html, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var queue []string
	for _, m := range htmlAsset.FindAllSubmatch(html, -1) {
		queue = append(queue, string(m[1]))
	}
	var out []string
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, name)
		if path.Ext(name) != ".js" {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		for _, m := range staticChunk.FindAllSubmatch(data, -1) {
			queue = append(queue, path.Join(path.Dir(name), string(m[1])))
		}
	}
	return out, nil
}

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	return buf.Len()
}

func TestInitialLoadWithinBudget(t *testing.T) {
	names, err := initialAssets(DistDirFS)
	if err != nil {
		t.Fatal(err)
	}
	total, hasJS, hasCSS := 0, false, false
	for _, name := range names {
		data, err := fs.ReadFile(DistDirFS, name)
		if err != nil {
			t.Fatal(err)
		}
		size := gzipSize(data)
		total += size
		hasJS = hasJS || path.Ext(name) == ".js"
		hasCSS = hasCSS || path.Ext(name) == ".css"
		t.Logf("%s: %d bytes, %d gzip", name, len(data), size)
	}
	t.Logf("initial load: %.1f KB gzip (budget %d KB)", float64(total)/1024, InitialLoadBudget/1024)
	if !hasJS || !hasCSS {
		t.Fatalf("index.html references no script or no stylesheet: %v", names)
	}
	if total > InitialLoadBudget {
		t.Fatalf("initial load is %d bytes gzip, over the %d budget", total, InitialLoadBudget)
	}
}
