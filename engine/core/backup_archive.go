package core

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pocketbase/dbx"
)

// The two databases of pb_data; a backup holds snapshots of them, never
// the live files (nor their -wal/-shm companions).
var backupDatabases = []string{"data.db", "auxiliary.db"}

// isLiveDatabaseFile reports whether the top-level name is one of the
// databases or a companion file SQLite writes next to it.
func isLiveDatabaseFile(name string) bool {
	for _, db := range backupDatabases {
		switch name {
		case db, db + "-wal", db + "-shm", db + "-journal":
			return true
		}
	}
	return false
}

// snapshotDatabases writes a consistent copy of each database into dir
// with VACUUM INTO: it runs in one read transaction on a reader
// connection, so it sees a single committed state while writers go on.
func (app *App) snapshotDatabases(ctx context.Context, dir string, progress *Progress) (map[string]string, error) {
	out := map[string]string{}
	for _, name := range backupDatabases {
		var db *dbx.DB
		switch name {
		case "data.db":
			db = app.dataDB
		case "auxiliary.db":
			db = app.auxDBConn
		}
		if db == nil {
			return nil, fmt.Errorf("snapshot %s: the database is not open", name)
		}
		dst := filepath.Join(dir, name)
		progress.Log("snapshotting "+name, nil)
		// the raw handle: the app's query timeout must not cut a big copy short
		_, err := db.NewQuery("VACUUM INTO {:dst}").Bind(dbx.Params{"dst": dst}).WithContext(ctx).Execute()
		if err != nil {
			return nil, fmt.Errorf("snapshot %s: %w", name, err)
		}
		if st, err := os.Stat(dst); err == nil {
			progress.Log("snapshot of "+name+" done", map[string]any{"bytes": st.Size(), "size": humanBytes(st.Size())})
		}
		out[name] = dst
	}
	return out, nil
}

// archiveEntry is one file to put in a backup zip.
type archiveEntry struct {
	name string // slash-separated path inside the zip
	path string // file on disk
	size int64
}

// collectArchiveEntries lists the regular files of dataDir except the
// excluded top-level entries and the live database files.
func collectArchiveEntries(dataDir string, exclude []string) ([]archiveEntry, error) {
	skip := map[string]bool{}
	for _, e := range exclude {
		skip[e] = true
	}
	var entries []archiveEntry
	err := filepath.WalkDir(dataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while walking (e.g. a deleted upload)
			}
			return err
		}
		rel, err := filepath.Rel(dataDir, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		top := strings.SplitN(rel, "/", 2)[0]
		if skip[top] || (rel == top && isLiveDatabaseFile(top)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // dirs are implied; symlinks and devices are not archived
		}
		info, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		entries = append(entries, archiveEntry{name: rel, path: p, size: info.Size()})
		return nil
	})
	return entries, err
}

// writeArchive zips entries into dst, reporting the progress by files and
// bytes.
func writeArchive(ctx context.Context, dst string, entries []archiveEntry, progress *Progress) (err error) {
	f, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("create archive: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close archive: %w", cerr)
		}
	}()
	var total int64
	for _, e := range entries {
		total += e.size
	}
	zw := zip.NewWriter(f)
	var done int64
	for i, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := addArchiveFile(zw, e)
		if errors.Is(err, fs.ErrNotExist) {
			continue // an upload deleted since the listing
		}
		if err != nil {
			return fmt.Errorf("archive %s: %w", e.name, err)
		}
		done += n
		progress.Step(fmt.Sprintf("archived %d/%d files (%s of %s)", i+1, len(entries), humanBytes(done), humanBytes(total)),
			map[string]any{"files": i + 1, "totalFiles": len(entries), "bytes": done, "totalBytes": total})
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish archive: %w", err)
	}
	progress.Log(fmt.Sprintf("archived %d files (%s)", len(entries), humanBytes(done)),
		map[string]any{"files": len(entries), "bytes": done})
	return f.Sync()
}

func addArchiveFile(zw *zip.Writer, e archiveEntry) (int64, error) {
	src, err := os.Open(e.path)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	info, err := src.Stat()
	if err != nil {
		return 0, err
	}
	header, err := zip.FileInfoHeader(info)
	if err != nil {
		return 0, err
	}
	header.Name = e.name
	header.Method = zip.Deflate
	w, err := zw.CreateHeader(header)
	if err != nil {
		return 0, err
	}
	return io.Copy(w, src)
}

// extractArchive unpacks the zip at src into dst. Entry names that would
// leave dst (absolute, "..", drive letters) fail the whole extraction.
func extractArchive(ctx context.Context, src, dst string, progress *Progress) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return fmt.Errorf("open backup archive: %w", err)
	}
	defer zr.Close()
	var total int64
	for _, f := range zr.File {
		total += int64(f.UncompressedSize64)
	}
	var done int64
	for i, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := path.Clean(strings.TrimSuffix(f.Name, "/"))
		if !filepath.IsLocal(filepath.FromSlash(name)) || strings.Contains(f.Name, `\`) {
			return fmt.Errorf("backup archive has an unsafe entry name %q", f.Name)
		}
		target := filepath.Join(dst, filepath.FromSlash(name))
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return fmt.Errorf("extract %s: %w", f.Name, err)
			}
			continue
		}
		if !f.Mode().IsRegular() {
			return fmt.Errorf("backup archive entry %q is not a regular file", f.Name)
		}
		n, err := extractArchiveFile(f, target)
		if err != nil {
			return fmt.Errorf("extract %s: %w", f.Name, err)
		}
		done += n
		progress.Step(fmt.Sprintf("extracted %d/%d files (%s of %s)", i+1, len(zr.File), humanBytes(done), humanBytes(total)),
			map[string]any{"files": i + 1, "totalFiles": len(zr.File), "bytes": done, "totalBytes": total})
	}
	progress.Log(fmt.Sprintf("extracted %d files (%s)", len(zr.File), humanBytes(done)),
		map[string]any{"files": len(zr.File), "bytes": done})
	return nil
}

func extractArchiveFile(f *zip.File, target string) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return 0, err
	}
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	// the zip reader checks the CRC at EOF, so a corrupt entry errors here
	n, err := io.Copy(out, rc)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, err
}
