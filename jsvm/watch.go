package jsvm

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// startWatcher watches the hooks dir and its subdirectories (modules live
// there) and reloads, debounced, after changes. Inside node_modules only the
// top level is watched: package installs touch thousands of files.
func (m *Manager) startWatcher(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	m.syncWatches(w)
	m.watchWG.Add(1)
	go m.watchLoop(ctx, w)
	return nil
}

// syncWatches (re)adds every directory to watch; new subdirectories appear
// after the first scan, so it runs again before each reload.
func (m *Manager) syncWatches(w *fsnotify.Watcher) {
	if _, err := os.Stat(m.hooksDir); err != nil {
		// no hooks dir yet: watch the parent to notice its creation
		if err := w.Add(filepath.Dir(m.hooksDir)); err != nil {
			m.logger.Debug("jsvm: cannot watch parent of hooks dir", "error", err)
		}
		return
	}
	_ = filepath.WalkDir(m.hooksDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != m.hooksDir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir // .git and friends
		}
		if err := w.Add(p); err != nil {
			m.logger.Debug("jsvm: cannot watch", "dir", p, "error", err)
		}
		if d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		return nil
	})
}

func (m *Manager) watchLoop(ctx context.Context, w *fsnotify.Watcher) {
	defer m.watchWG.Done()
	defer w.Close()
	var (
		timer  *time.Timer
		timerC <-chan time.Time
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if !m.relevant(ev) {
				continue
			}
			if timer == nil {
				timer = time.NewTimer(m.opts.Debounce)
			} else {
				timer.Reset(m.opts.Debounce)
			}
			timerC = timer.C
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			m.logger.Warn("jsvm: watcher error", "error", err)
		case <-timerC:
			timerC = nil
			m.syncWatches(w)
			if m.closed.Load() {
				return
			}
			_ = m.Reload() // failures are logged by Reload; the old generation stays
		}
	}
}

// relevant filters out permission-only changes, editor swap/backup files and,
// when the parent is watched, siblings of the hooks dir.
func (m *Manager) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	if filepath.Dir(ev.Name) == filepath.Dir(m.hooksDir) && ev.Name != m.hooksDir {
		return false
	}
	base := filepath.Base(ev.Name)
	switch {
	case strings.HasSuffix(base, "~"), strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		strings.HasPrefix(base, ".#"), base == "4913":
		return false
	}
	return true
}
