package apis

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

// An SSE stream is served on the hijacked connection, from a goroutine of
// its own, instead of inside the HTTP handler: once the handler returns,
// net/http drops the connection's read/write buffers and its serving
// goroutine (with the deep stack of the middleware chain). What is left per
// idle client is a client record and two goroutines with shallow stacks —
// a fraction of what a handler parked for the stream's lifetime costs,
// which is what lets one node hold tens of thousands of streams.
// HTTP/2 connections cannot be hijacked; they keep the in-handler loop.

// realtimeWriteTimeout bounds one write to a client; a peer that does not
// read for this long is dropped rather than holding its stream goroutine.
const realtimeWriteTimeout = 15 * time.Second

// hijackedStream is the http.ResponseWriter of a hijacked SSE connection:
// it writes the status line and headers itself and frames the body in
// HTTP/1.1 chunks, one chunk per Flush.
type hijackedStream struct {
	conn    net.Conn
	header  http.Header
	status  int
	started bool
	buf     []byte
	failed  error
}

var _ http.Flusher = (*hijackedStream)(nil)

func (s *hijackedStream) Header() http.Header { return s.header }

func (s *hijackedStream) WriteHeader(status int) {
	if !s.started && s.status == 0 {
		s.status = status
	}
}

func (s *hijackedStream) Write(p []byte) (int, error) {
	if s.failed != nil {
		return 0, s.failed
	}
	if s.status == 0 {
		s.status = http.StatusOK
	}
	s.buf = append(s.buf, p...)
	return len(p), nil
}

// Flush sends the headers (first time) and the buffered body as one chunk.
func (s *hijackedStream) Flush() {
	_ = s.flush()
}

// FlushError is Flush reporting the write error (http.ResponseController
// uses it, so e.Flush() sees a dead peer).
func (s *hijackedStream) FlushError() error { return s.flush() }

func (s *hijackedStream) flush() error {
	if s.failed != nil {
		return s.failed
	}
	var out []byte
	if !s.started {
		if s.status == 0 {
			s.status = http.StatusOK
		}
		out = s.appendHead(out, true)
		s.started = true
	}
	if len(s.buf) > 0 {
		out = strconv.AppendInt(out, int64(len(s.buf)), 16)
		out = append(out, "\r\n"...)
		out = append(out, s.buf...)
		out = append(out, "\r\n"...)
	}
	// the buffer is dropped, not kept: an idle stream holds no memory
	s.buf = nil
	if len(out) == 0 {
		return nil
	}
	return s.write(out)
}

func (s *hijackedStream) write(b []byte) error {
	_ = s.conn.SetWriteDeadline(time.Now().Add(realtimeWriteTimeout))
	if _, err := s.conn.Write(b); err != nil {
		s.failed = err
		return err
	}
	return nil
}

func (s *hijackedStream) appendHead(out []byte, chunked bool) []byte {
	out = append(out, "HTTP/1.1 "...)
	out = strconv.AppendInt(out, int64(s.status), 10)
	out = append(out, ' ')
	out = append(out, http.StatusText(s.status)...)
	out = append(out, "\r\n"...)
	if s.header.Get("Date") == "" {
		s.header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
	if chunked {
		s.header.Del("Content-Length")
		s.header.Set("Transfer-Encoding", "chunked")
	}
	var hb headerBuffer
	_ = s.header.Write(&hb)
	out = append(out, hb...)
	return append(out, "\r\n"...)
}

type headerBuffer []byte

func (h *headerBuffer) Write(p []byte) (int, error) {
	*h = append(*h, p...)
	return len(p), nil
}

func (h *headerBuffer) WriteString(s string) (int, error) {
	*h = append(*h, s...)
	return len(s), nil
}

// finish ends the response: the last chunk of a started stream, or the
// whole response (e.g. an error a connect hook returned) if none was sent.
func (s *hijackedStream) finish(err error) {
	if s.failed != nil {
		return
	}
	if s.started {
		_ = s.flush()
		_ = s.write([]byte("0\r\n\r\n"))
		return
	}
	if err != nil && len(s.buf) == 0 {
		apiErr := toApiError(err)
		s.status = apiErr.Status
		s.header = http.Header{}
		s.header.Set("Content-Type", "application/json")
		s.buf, _ = json.Marshal(apiErr)
	}
	if s.status == 0 {
		s.status = http.StatusNoContent
	}
	s.header.Set("Content-Length", strconv.Itoa(len(s.buf)))
	s.header.Del("Transfer-Encoding")
	_ = s.write(append(s.appendHead(nil, false), s.buf...))
}

// hijackRealtime takes the connection of an SSE request over, when it is
// an HTTP/1.x GET that can be hijacked, and returns the response writer
// and a request whose context ends when the peer goes away. ok is false
// when the stream must be served in the handler instead.
func hijackRealtime(e *core.RequestEvent) (stream *hijackedStream, req *http.Request, done func(), ok bool) {
	if e.Request.ProtoMajor != 1 || e.Request.Method != http.MethodGet {
		return nil, nil, nil, false
	}
	header := e.Response.Header().Clone()
	conn, rw, err := http.NewResponseController(e.Response).Hijack()
	if err != nil {
		return nil, nil, nil, false
	}
	_ = conn.SetDeadline(time.Time{})

	// the stream outlives the handler, whose request context net/http
	// cancels on return: keep the values, end it on disconnect instead
	ctx, cancel := context.WithCancel(context.WithoutCancel(e.Request.Context()))
	req = e.Request.WithContext(ctx)
	stream = &hijackedStream{conn: conn, header: header}

	// the peer sends nothing more on an SSE connection; a read only ends
	// when it closes (or when we close the connection ourselves)
	go watchPeer(conn, rw.Reader, cancel)

	var once sync.Once
	done = func() {
		once.Do(func() {
			cancel()
			_ = conn.Close()
		})
	}
	return stream, req, done, true
}

func watchPeer(conn net.Conn, buffered *bufio.Reader, cancel context.CancelFunc) {
	defer cancel()
	if buffered != nil && buffered.Buffered() > 0 {
		_, _ = buffered.Discard(buffered.Buffered())
	}
	buffered = nil // net/http's 4 KiB read buffer must not stay reachable
	var scratch [64]byte
	for {
		if _, err := conn.Read(scratch[:]); err != nil {
			if !errors.Is(err, net.ErrClosed) {
				_ = conn.Close()
			}
			return
		}
	}
}
