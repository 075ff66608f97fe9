package apis_test

import (
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"net/textproto"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
)

// authEnv is an in-process server over a real SQLite app, with a superuser,
// a user and an SMTP server on 127.0.0.1 that the settings point at.
type authEnv struct {
	t     testing.TB
	app   *core.App
	srv   *httptest.Server
	smtp  *captureSMTP
	su    *core.Record
	suTok string
	user  *core.Record
}

func newAuthEnv(t testing.TB) *authEnv {
	t.Helper()
	app := core.New(core.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	server, err := apis.NewServer(app, apis.ServeConfig{})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	srv := httptest.NewServer(server.Handler)
	env := &authEnv{t: t, app: app, srv: srv, smtp: newCaptureSMTP(t)}
	t.Cleanup(func() {
		srv.Close()
		_ = app.Terminate(false)
	})

	s, _ := app.Settings().Clone()
	host, port, _ := net.SplitHostPort(env.smtp.addr)
	s.SMTP.Enabled, s.SMTP.Host = true, host
	s.SMTP.Port = atoi(port)
	if err := app.SaveSettings(s); err != nil {
		t.Fatalf("settings: %v", err)
	}

	env.su = env.newAuthRecord(core.CollectionNameSuperusers, "su@example.com")
	env.suTok = env.token(env.su)
	env.user = env.newAuthRecord(core.CollectionNameUsers, "ann@example.com")
	return env
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func (env *authEnv) newAuthRecord(collection, email string) *core.Record {
	env.t.Helper()
	c, err := env.app.FindCollectionByNameOrId(collection)
	if err != nil {
		env.t.Fatalf("find %s: %v", collection, err)
	}
	r := core.NewRecord(c)
	r.SetEmail(email)
	r.SetPassword("1234567890")
	if err := env.app.Save(r); err != nil {
		env.t.Fatalf("save %s: %v", email, err)
	}
	return r
}

func (env *authEnv) token(r *core.Record) string {
	env.t.Helper()
	tok, err := r.NewAuthToken()
	if err != nil {
		env.t.Fatalf("token: %v", err)
	}
	return tok
}

// do sends a JSON request and decodes the JSON answer (nil for 204).
func (env *authEnv) do(method, path, token string, body any) (int, map[string]any) {
	env.t.Helper()
	status, out := env.doAny(method, path, token, body)
	m, _ := out.(map[string]any)
	return status, m
}

func (env *authEnv) doAny(method, path, token string, body any) (int, any) {
	env.t.Helper()
	return sendJSON(env.t, jsonRequest(env.t, method, env.srv.URL+path, token, body))
}

// captureSMTP is a minimal SMTP server that keeps every received message.
type captureSMTP struct {
	addr string
	mu   sync.Mutex
	msgs []capturedMail
	got  chan struct{}
}

type capturedMail struct {
	From string
	To   []string
	Data string
}

func newCaptureSMTP(t testing.TB) *captureSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtp listen: %v", err)
	}
	s := &captureSMTP{addr: ln.Addr().String(), got: make(chan struct{}, 100)}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *captureSMTP) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(conn)
	reply := func(line string) { _ = tp.PrintfLine("%s", line) }
	reply("220 localhost test SMTP")
	var cur capturedMail
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			reply("250-localhost")
			reply("250 8BITMIME")
		case strings.HasPrefix(cmd, "HELO"):
			reply("250 localhost")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			cur = capturedMail{From: angleAddr(line[10:])}
			reply("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			cur.To = append(cur.To, angleAddr(line[8:]))
			reply("250 OK")
		case cmd == "DATA":
			reply("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			s.got <- struct{}{}
			reply("250 queued")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default: // RSET, NOOP, …
			reply("250 OK")
		}
	}
}

// angleAddr takes the address out of "<a@b> PARAMS".
func angleAddr(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ">"); strings.HasPrefix(s, "<") && i > 0 {
		return s[1:i]
	}
	return strings.Fields(s)[0]
}

// wait returns the next message, failing the test after a timeout.
func (s *captureSMTP) wait(t testing.TB) capturedMail {
	t.Helper()
	select {
	case <-s.got:
	case <-time.After(10 * time.Second):
		t.Fatal("no email received")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[0]
	s.msgs = s.msgs[1:]
	return m
}

// noMail checks that nothing arrives within d.
func (s *captureSMTP) noMail(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case <-s.got:
		t.Fatal("unexpected email")
	case <-time.After(d):
	}
}

var mailTokenPattern = regexp.MustCompile(`/(?:confirm-verification|confirm-password-reset|confirm-email-change)/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)`)

// token extracts the JWT from the link of a captured auth email (the body
// may be quoted-printable, so soft line breaks are undone first).
func (m capturedMail) token(t testing.TB) string {
	t.Helper()
	body := strings.ReplaceAll(m.Data, "=\r\n", "")
	body = strings.ReplaceAll(body, "=\n", "")
	body = strings.ReplaceAll(body, "=3D", "=")
	match := mailTokenPattern.FindStringSubmatch(body)
	if match == nil {
		t.Fatalf("no token in mail:\n%s", m.Data)
	}
	return match[1]
}
