package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fixed credentials of the superuser every Start creates before serving.
const (
	SuperuserEmail    = "superuser@hookbase.test"
	SuperuserPassword = "hookbase-test-1234"
)

const (
	startTimeout = 30 * time.Second
	stopTimeout  = 10 * time.Second
)

// Options configures one server. The zero value starts a plain server with
// a fresh data dir and no hooks or migrations.
type Options struct {
	// DataDir reuses an existing data dir (restart tests); default: a new
	// <tempdir>/pb_data.
	DataDir string

	// HooksDir is passed to --hooksDir as is (tests that edit hooks while the
	// server runs). CopyHooksFrom copies a directory (e.g. the repo's
	// pb_hooks_example) into a fresh dir first; Hooks writes name → source
	// files into it. Any of them enables --hooksDir.
	HooksDir      string
	CopyHooksFrom string
	Hooks         map[string]string

	// The same three for --migrationsDir.
	MigrationsDir      string
	CopyMigrationsFrom string
	Migrations         map[string]string

	Dev  bool     // adds --dev
	Args []string // extra serve arguments
	Env  []string // extra KEY=VALUE for every command run

	// NoSuperuser skips the `superuser upsert` run before serve.
	NoSuperuser bool
}

// Server is a running hookbase process.
type Server struct {
	URL           string // http://127.0.0.1:PORT, no trailing slash
	Addr          string // 127.0.0.1:PORT
	DataDir       string
	HooksDir      string // "" unless hooks were configured
	MigrationsDir string // "" unless migrations were configured

	SuperuserEmail    string
	SuperuserPassword string

	t      testing.TB
	bin    string
	env    []string
	log    *syncBuffer
	cmd    *exec.Cmd
	exited chan struct{}
	waitEr error

	stopOnce sync.Once
	stopErr  error
}

// Start runs `superuser upsert` and `serve` on a free port and waits until
// /api/health answers; the server is stopped with SIGINT on t's cleanup.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	bin := Binary(t)
	base := t.TempDir()

	s := &Server{
		t:                 t,
		bin:               bin,
		DataDir:           opts.DataDir,
		SuperuserEmail:    SuperuserEmail,
		SuperuserPassword: SuperuserPassword,
		env:               append(os.Environ(), opts.Env...),
	}
	if s.DataDir == "" {
		s.DataDir = filepath.Join(base, "pb_data")
	}
	var err error
	if s.HooksDir, err = prepareDir(base, "pb_hooks", opts.HooksDir, opts.CopyHooksFrom, opts.Hooks); err != nil {
		t.Fatalf("harness: hooks dir: %v", err)
	}
	if s.MigrationsDir, err = prepareDir(base, "pb_migrations", opts.MigrationsDir, opts.CopyMigrationsFrom, opts.Migrations); err != nil {
		t.Fatalf("harness: migrations dir: %v", err)
	}

	if !opts.NoSuperuser {
		out, err := s.Command("superuser", "upsert", s.SuperuserEmail, s.SuperuserPassword).CombinedOutput()
		if err != nil {
			t.Fatalf("harness: superuser upsert failed: %v\n%s", err, out)
		}
	}

	args := []string{"serve"}
	if s.HooksDir != "" {
		args = append(args, "--hooksDir="+s.HooksDir)
	}
	if s.MigrationsDir != "" {
		args = append(args, "--migrationsDir="+s.MigrationsDir)
	}
	if opts.Dev {
		args = append(args, "--dev")
	}
	args = append(args, opts.Args...)

	// The free port is found by listening on :0 and closing, so another
	// process can grab it in between; a bind failure is retried on a new port.
	for attempt := 1; ; attempt++ {
		err := s.launch(args)
		if err == nil {
			break
		}
		if attempt < 3 && strings.Contains(s.Log(), "address already in use") {
			continue
		}
		t.Fatalf("harness: %v\n--- server log ---\n%s", err, s.Log())
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("harness: %v\n--- server log ---\n%s", err, s.Log())
		} else if t.Failed() {
			t.Logf("--- server log (%s) ---\n%s", s.Addr, s.Log())
		}
	})
	return s
}

// launch starts serve on a free port and waits for health.
func (s *Server) launch(args []string) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	s.Addr, s.URL = addr, "http://"+addr
	s.log = &syncBuffer{}
	s.cmd = s.Command(append(args, "--http="+addr)...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start serve: %w", err)
	}
	s.exited = make(chan struct{})
	go func() {
		s.waitEr = s.cmd.Wait()
		close(s.exited)
	}()

	deadline := time.Now().Add(startTimeout)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("serve exited before becoming healthy: %v", s.waitEr)
		default:
		}
		resp, err := client.Get(s.URL + "/api/health")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			_ = s.cmd.Process.Kill()
			<-s.exited
			return fmt.Errorf("serve not healthy at %s/api/health within %s (last error: %v)", s.URL, startTimeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Command prepares a hookbase subcommand on this server's data dir (for
// CLI tests: superuser, migrate …). Output is not captured.
func (s *Server) Command(args ...string) *exec.Cmd {
	cmd := exec.Command(s.bin, append(args, "--dir="+s.DataDir)...)
	cmd.Env = s.env
	setProcAttrs(cmd)
	return cmd
}

// Stop sends SIGINT and waits for the process to exit, killing it after
// 10s. It reports an error for a kill or a non-zero exit; later calls return
// the first result. Start registers it on t.Cleanup.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		if s.cmd == nil || s.exited == nil {
			return
		}
		select {
		case <-s.exited:
			s.stopErr = fmt.Errorf("server exited on its own before Stop: %v", s.waitEr)
			return
		default:
		}
		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			_ = s.cmd.Process.Kill()
		}
		select {
		case <-s.exited:
			if s.waitEr != nil {
				s.stopErr = fmt.Errorf("server exited with %v after SIGINT", s.waitEr)
			}
		case <-time.After(stopTimeout):
			_ = s.cmd.Process.Kill()
			<-s.exited
			s.stopErr = fmt.Errorf("server did not exit within %s of SIGINT; killed", stopTimeout)
		}
	})
	return s.stopErr
}

// Kill sends SIGKILL (no shutdown code runs: a crash) and waits for the
// process to be gone; a later Stop (or the test's cleanup) is then a no-op.
func (s *Server) Kill() {
	s.stopOnce.Do(func() {
		if s.cmd == nil || s.exited == nil {
			return
		}
		_ = s.cmd.Process.Kill()
		<-s.exited
	})
}

// Exited is closed when the server process has exited.
func (s *Server) Exited() <-chan struct{} { return s.exited }

// Log returns everything the server wrote to stdout and stderr so far.
func (s *Server) Log() string {
	if s.log == nil {
		return ""
	}
	return s.log.String()
}

// WaitForLog reports whether the server log contains substr within a few
// seconds: a line logged while a request is answered may reach the captured
// output just after the client has its response.
func (s *Server) WaitForLog(substr string) bool {
	deadline := time.Now().Add(5 * time.Second)
	for {
		if strings.Contains(s.Log(), substr) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Request sends one request and returns the response with its body read
// (resp.Body is closed). body may be nil, []byte, string, io.Reader or any
// value to encode as JSON. token goes into Authorization as PocketBase
// expects (no "Bearer" prefix needed).
func (s *Server) Request(ctx context.Context, method, path string, body any, token string) (*http.Response, []byte, error) {
	var reader io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		reader = bytes.NewReader(b)
	case string:
		reader = strings.NewReader(b)
	case io.Reader:
		reader = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return nil, nil, fmt.Errorf("encode body: %w", err)
		}
		reader, contentType = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, reader)
	if err != nil {
		return nil, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp, data, fmt.Errorf("read body: %w", err)
	}
	return resp, data, nil
}

// Do is Request with a 30s timeout that fails the test on a transport error.
// Call it from the test's goroutine only (it uses t.Fatalf).
func (s *Server) Do(method, path string, body any, token string) (*http.Response, []byte) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, data, err := s.Request(ctx, method, path, body, token)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp, data
}

// SuperuserToken authenticates the test superuser with its password and
// returns the token.
func (s *Server) SuperuserToken(t testing.TB) string {
	t.Helper()
	resp, body := s.Do(http.MethodPost, "/api/collections/_superusers/auth-with-password",
		map[string]string{"identity": s.SuperuserEmail, "password": s.SuperuserPassword}, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("superuser auth-with-password: status %d: %s", resp.StatusCode, body)
	}
	var out struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Token == "" {
		t.Fatalf("superuser auth-with-password: no token in %s (%v)", body, err)
	}
	return out.Token
}

// prepareDir resolves one of the hooks/migrations option triples to a dir,
// or "" when none is set.
func prepareDir(base, name, given, copyFrom string, files map[string]string) (string, error) {
	if given != "" {
		if copyFrom != "" {
			return "", errors.New("set either the dir or the dir to copy from, not both")
		}
		return given, writeFiles(given, files)
	}
	if copyFrom == "" && files == nil {
		return "", nil
	}
	dir := filepath.Join(base, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if copyFrom != "" {
		if err := os.CopyFS(dir, os.DirFS(copyFrom)); err != nil {
			return "", fmt.Errorf("copy %s: %w", copyFrom, err)
		}
	}
	return dir, writeFiles(dir, files)
}

func writeFiles(dir string, files map[string]string) error {
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

// syncBuffer collects output written concurrently by stdout and stderr.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
