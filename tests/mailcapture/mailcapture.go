// Package mailcapture is a real SMTP server for tests: it listens on
// 127.0.0.1, accepts every message and keeps it in memory, raw and decoded.
// Go tests read the inbox directly; node tests read it over a small HTTP
// API on 127.0.0.1 (see Handler).
package mailcapture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one captured mail: the envelope, the raw DATA as received and
// its decoded parts.
type Message struct {
	From     string            `json:"from"`
	To       []string          `json:"to"`
	Raw      string            `json:"raw"`
	Subject  string            `json:"subject"`
	HTML     string            `json:"html"`
	Text     string            `json:"text"`
	Headers  map[string]string `json:"headers"`
	Received time.Time         `json:"received"`
}

// Server is a running capture server.
type Server struct {
	// SMTPHost and SMTPPort are where hookbase's settings.smtp must point.
	SMTPHost string
	SMTPPort int
	// URL is the base of the HTTP inbox API (http://127.0.0.1:PORT).
	URL string

	smtp *smtp.Server
	http *http.Server

	mu       sync.Mutex
	messages []*Message
	read     map[*Message]bool
	changed  chan struct{} // closed and replaced on every new message
}

// Start runs a capture server until t's cleanup.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := Listen()
	if err != nil {
		t.Fatalf("mailcapture: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Listen starts the SMTP and HTTP listeners on free 127.0.0.1 ports.
func Listen() (*Server, error) {
	s := &Server{read: map[*Message]bool{}, changed: make(chan struct{})}
	smtpLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen smtp: %w", err)
	}
	httpLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		smtpLn.Close()
		return nil, fmt.Errorf("listen http: %w", err)
	}
	s.SMTPHost = "127.0.0.1"
	s.SMTPPort = smtpLn.Addr().(*net.TCPAddr).Port
	s.URL = "http://" + httpLn.Addr().String()

	s.smtp = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{server: s}, nil
	}))
	s.smtp.Domain = "localhost"
	s.smtp.ReadTimeout = 30 * time.Second
	s.smtp.WriteTimeout = 30 * time.Second
	s.smtp.MaxMessageBytes = 10 << 20
	s.smtp.AllowInsecureAuth = true
	go func() { _ = s.smtp.Serve(smtpLn) }()

	s.http = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(httpLn) }()
	return s, nil
}

// Close stops both listeners.
func (s *Server) Close() {
	_ = s.smtp.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.http.Shutdown(ctx)
}

// Messages returns every captured message, oldest first.
func (s *Server) Messages() []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Message(nil), s.messages...)
}

// To returns the messages whose envelope recipients include addr.
func (s *Server) To(addr string) []*Message {
	var out []*Message
	for _, m := range s.Messages() {
		if m.sentTo(addr) {
			out = append(out, m)
		}
	}
	return out
}

// Next waits for the oldest message to addr (any recipient when addr is
// empty) that Next has not returned yet.
func (s *Server) Next(ctx context.Context, addr string) (*Message, error) {
	for {
		s.mu.Lock()
		for _, m := range s.messages {
			if !s.read[m] && (addr == "" || m.sentTo(addr)) {
				s.read[m] = true
				s.mu.Unlock()
				return m, nil
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("no mail to %q: %w", addr, ctx.Err())
		}
	}
}

// Reset forgets every captured message.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = nil
	s.read = map[*Message]bool{}
}

func (s *Server) add(m *Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (m *Message) sentTo(addr string) bool {
	for _, to := range m.To {
		if strings.EqualFold(to, addr) {
			return true
		}
	}
	return false
}

// session collects one SMTP transaction.
type session struct {
	server *Server
	from   string
	to     []string
}

func (c *session) Reset()        { c.from, c.to = "", nil }
func (c *session) Logout() error { return nil }

func (c *session) Mail(from string, _ *smtp.MailOptions) error {
	c.from = from
	return nil
}

func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.to = append(c.to, to)
	return nil
}

func (c *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(c.to) == 0 {
		return errors.New("no recipients")
	}
	m, err := Parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparsable message: " + err.Error()}
	}
	m.From, m.To, m.Received = c.from, append([]string(nil), c.to...), time.Now()
	c.server.add(m)
	return nil
}

// Env is what node tests need to use the server (tests/sdk/mailbox.mjs):
// HOOKBASE_MAIL_URL, HOOKBASE_SMTP_HOST and HOOKBASE_SMTP_PORT.
func (s *Server) Env() []string {
	return []string{
		"HOOKBASE_MAIL_URL=" + s.URL,
		"HOOKBASE_SMTP_HOST=" + s.SMTPHost,
		"HOOKBASE_SMTP_PORT=" + strconv.Itoa(s.SMTPPort),
	}
}
