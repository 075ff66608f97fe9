// Package ui is the superusers dashboard: its Svelte sources live here and
// the built single-page app in dist/ is embedded into the binary, so serving
// /_/ needs no Node.js. See README.md for the dev loop.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var distFS embed.FS

// DistDirFS is the built dashboard (the contents of dist/).
var DistDirFS = mustSub(distFS, "dist")

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // dist is embedded at compile time; a failure is a build bug
	}
	return sub
}
