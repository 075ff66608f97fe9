package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// bench holds the server under test and an HTTP client for its REST API.
type bench struct {
	cfg   config
	base  *url.URL
	addr  string
	pid   int
	token string
	http  *http.Client
}

func newBench(ctx context.Context, cfg config) (*bench, error) {
	base, err := url.Parse(strings.TrimRight(cfg.url, "/"))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("invalid -url %q", cfg.url)
	}
	b := &bench{
		cfg: cfg, base: base, addr: base.Host, pid: cfg.pid,
		http: &http.Client{
			Timeout:   30 * time.Second,
			Transport: &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64},
		},
	}
	if b.pid == 0 {
		b.pid = listenerPid(base.Port())
	}
	var auth struct{ Token string }
	status, err := b.call(ctx, http.MethodPost, "/api/collections/_superusers/auth-with-password",
		map[string]any{"identity": cfg.email, "password": cfg.password}, &auth)
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("superuser auth: status %d: %v", status, err)
	}
	b.token = auth.Token
	if err := b.ensureCollection(ctx); err != nil {
		return nil, err
	}
	return b, nil
}

// call sends a JSON request (with the superuser token once there is one)
// and decodes a JSON answer into out when given.
func (b *bench) call(ctx context.Context, method, path string, body, out any) (int, error) {
	var reader io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, b.base.String()+path, reader)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if b.token != "" {
		req.Header.Set("Authorization", b.token)
	}
	res, err := b.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if out != nil && res.StatusCode < 300 && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return res.StatusCode, fmt.Errorf("decode %s %s: %w", method, path, err)
		}
	}
	if res.StatusCode >= 400 {
		return res.StatusCode, fmt.Errorf("%s %s: %s", method, path, raw)
	}
	return res.StatusCode, nil
}

// ensureCollection creates the bench collection (public list/view/create)
// unless it exists.
func (b *bench) ensureCollection(ctx context.Context) error {
	status, _ := b.call(ctx, http.MethodGet, "/api/collections/"+url.PathEscape(b.cfg.collection), nil, nil)
	if status == http.StatusOK {
		return nil
	}
	public := ""
	_, err := b.call(ctx, http.MethodPost, "/api/collections", map[string]any{
		"name": b.cfg.collection, "type": "base",
		"listRule": public, "viewRule": public, "createRule": public,
		"fields": []map[string]any{{"name": "title", "type": "text"}},
	}, nil)
	return err
}

// create adds one record with the given title.
func (b *bench) create(ctx context.Context, title string) error {
	_, err := b.call(ctx, http.MethodPost, "/api/collections/"+url.PathEscape(b.cfg.collection)+"/records",
		map[string]any{"title": title}, nil)
	return err
}

// subscribe sets a realtime client's topics.
func (b *bench) subscribe(ctx context.Context, clientId string, topics ...string) error {
	status, err := b.call(ctx, http.MethodPost, "/api/realtime", map[string]any{"clientId": clientId, "subscriptions": topics}, nil)
	if err != nil {
		return err
	}
	if status != http.StatusNoContent {
		return fmt.Errorf("subscribe: status %d", status)
	}
	return nil
}

// rss is the server's resident set size, as "123.4 MiB".
func (b *bench) rss() string {
	kb := rssKB(b.pid)
	if kb <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f MiB", float64(kb)/1024)
}

func rssKB(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// listenerPid finds the process listening on the TCP port through /proc
// (the socket inode of the listening entry, then the fd pointing at it).
func listenerPid(port string) int {
	p, err := strconv.Atoi(port)
	if err != nil {
		return 0
	}
	want := fmt.Sprintf(":%04X", p)
	inodes := map[string]bool{}
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		raw, err := os.ReadFile(table)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(raw), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) > 9 && strings.HasSuffix(f[1], want) && f[3] == "0A" { // 0A = LISTEN
				inodes["socket:["+f[9]+"]"] = true
			}
		}
	}
	if len(inodes) == 0 {
		return 0
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	for _, fd := range procs {
		link, err := os.Readlink(fd)
		if err == nil && inodes[link] {
			pid, _ := strconv.Atoi(strings.Split(fd, "/")[2])
			return pid
		}
	}
	return 0
}
