package apis

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/realtime"
)

// An SSE stream is served on the hijacked connection, from a goroutine of
// its own, instead of inside the HTTP handler: once the handler returns,
// net/http drops the connection's read/write buffers and its serving
// goroutine (with the deep stack of the middleware chain). What is left per
// idle client is a client record and one goroutine parked in a read —
// a fraction of what a handler parked for the stream's lifetime costs,
// which is what lets one node hold tens of thousands of streams.
// HTTP/2 connections cannot be hijacked; they keep the in-handler loop.

// realtimeWriteTimeout bounds one write to a client; a peer that does not
// read for this long is dropped rather than holding its stream goroutine.
var realtimeWriteTimeout = 15 * time.Second

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

	// mu serialises the writers of a started stream: its own goroutine
	// and broadcasters writing to an idle socket directly (tryDirect).
	mu sync.Mutex
	// unsent is the tail of a direct write the socket did not take; the
	// stream goroutine writes it before anything else.
	unsent []byte
	// closed is set when the stream goroutine is done with the socket.
	closed bool
	// lastSend is when a message was last written (unix nanos), for the
	// idle timeout.
	lastSend atomic.Int64
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
		out = s.appendChunk(out)
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
	// a deadline left behind would fail the next direct write once it passed
	defer s.conn.SetWriteDeadline(time.Time{})
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
// an HTTP/1.x GET that can be hijacked, and returns the response writer,
// a request whose context outlives the handler and done, which ends both.
// ok is false when the stream must be served in the handler instead.
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
	// cancels on return: keep the values, end it with the stream instead
	ctx, cancel := context.WithCancel(context.WithoutCancel(e.Request.Context()))
	req = e.Request.WithContext(ctx)
	stream = &hijackedStream{conn: conn, header: header}

	// a client sends nothing after its GET; drop whatever was read ahead
	// so that net/http's 4 KiB read buffer is not kept reachable
	if rw != nil && rw.Reader.Buffered() > 0 {
		_, _ = rw.Reader.Discard(rw.Reader.Buffered())
	}
	var once sync.Once
	done = func() {
		once.Do(func() {
			cancel()
			_ = conn.Close()
		})
	}
	return stream, req, done, true
}

// onFreshStack runs fn on a short-lived goroutine and waits for it. The
// stream goroutine stays parked for minutes; Go never shrinks a stack below
// four times what is in use, so the deep calls of a send (message hooks,
// JS handlers, the socket write) are kept off it to let it stay small.
func onFreshStack(fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	return <-done
}

func writePending(ce *core.RealtimeConnectRequestEvent, stream *hijackedStream, send func(realtime.Message) error, pending []realtime.Message) error {
	for _, msg := range pending {
		if err := send(msg); err != nil {
			ce.App.Logger().Debug("realtime: message not delivered", "clientId", ce.Client.Id(), "error", err)
			return err
		}
	}
	return stream.flush()
}

// aLongTimeAgo is a read deadline in the past: it wakes a blocked Read.
var aLongTimeAgo = time.Unix(1, 0)

// serveHijackedLoop is the stream loop of a hijacked connection. Its one
// goroutine waits in conn.Read, which is both how a closed peer is noticed
// and how the loop sleeps: a queued message (or Discard) moves the read
// deadline to the past to wake it, and the idle, max-lifetime and
// keep-alive times are the deadline itself. No second goroutine, channel
// select or timer per client.
func serveHijackedLoop(ce *core.RealtimeConnectRequestEvent, stream *hijackedStream, send func(realtime.Message) error) error {
	client := ce.Client
	conn := stream.conn
	wake := func() { _ = conn.SetReadDeadline(aLongTimeAgo) }
	waker, canWake := client.(interface{ SetWake(func()) })
	if canWake {
		waker.SetWake(wake)
	}
	if d, ok := client.(interface {
		SetDirect(func(realtime.Message) bool)
	}); ok {
		d.SetDirect(func(m realtime.Message) bool { return stream.tryDirect(m, send, wake) })
		defer d.SetDirect(nil)
	}
	defer func() {
		stream.mu.Lock()
		stream.closed = true
		stream.mu.Unlock()
	}()

	now := time.Now()
	maxDeadline := now.Add(ce.MaxTimeout)
	stream.lastSend.Store(now.UnixNano())
	pingAt := now.Add(RealtimeKeepAlive)
	var scratch [16]byte
	for {
		idleDeadline := time.Unix(0, stream.lastSend.Load()).Add(ce.IdleTimeout)
		deadline := earliest(maxDeadline, idleDeadline, pingAt)
		if !canWake {
			// a Client set by a hook that cannot wake the loop: poll it
			deadline = earliest(deadline, time.Now().Add(50*time.Millisecond))
		}
		// set before looking at the queue: a Send after this point moves
		// the deadline to the past, so its wake-up cannot be lost
		_ = conn.SetReadDeadline(deadline)
		if client.IsDiscarded() {
			return nil
		}
		// the lock is taken before the queue is read, so that a direct
		// write cannot overtake messages queued before it
		stream.mu.Lock()
		if stream.failed != nil {
			stream.mu.Unlock()
			return nil
		}
		if pending := client.TakePending(); len(pending) > 0 || len(stream.unsent) > 0 {
			err := onFreshStack(func() error { return stream.writeQueued(ce, send, pending) })
			stream.mu.Unlock()
			if err != nil {
				return nil
			}
			stream.lastSend.Store(time.Now().UnixNano())
			pingAt = time.Now().Add(RealtimeKeepAlive)
			continue
		}
		stream.mu.Unlock()

		_, err := conn.Read(scratch[:])
		if err == nil {
			continue // bytes from the peer mean nothing here
		}
		var netErr net.Error
		if !errors.As(err, &netErr) || !netErr.Timeout() {
			return nil // the peer closed the connection (or it broke)
		}
		now := time.Now()
		if !now.Before(maxDeadline) || !now.Before(time.Unix(0, stream.lastSend.Load()).Add(ce.IdleTimeout)) {
			return nil
		}
		if !now.Before(pingAt) {
			stream.mu.Lock()
			err := onFreshStack(func() error {
				_, _ = stream.Write([]byte(":\n\n"))
				return stream.flush()
			})
			stream.mu.Unlock()
			if err != nil {
				return nil
			}
			pingAt = now.Add(RealtimeKeepAlive)
		}
	}
}

// writeQueued writes the unsent tail of a direct write, then the queued
// messages, as one chunk each flush. The caller holds s.mu.
func (s *hijackedStream) writeQueued(ce *core.RealtimeConnectRequestEvent, send func(realtime.Message) error, pending []realtime.Message) error {
	if len(s.unsent) > 0 {
		tail := s.unsent
		s.unsent = nil
		if err := s.write(tail); err != nil {
			return err
		}
	}
	if len(pending) == 0 {
		return nil
	}
	return writePending(ce, s, send, pending)
}

// tryDirect writes m to the socket from the sender's goroutine when the
// stream is idle: no writer active, nothing queued or unsent. The write
// never blocks: what the socket does not take now is left to the stream
// goroutine (woken by wake). It reports whether m was taken.
func (s *hijackedStream) tryDirect(m realtime.Message, send func(realtime.Message) error, wake func()) bool {
	if !s.mu.TryLock() {
		return false
	}
	defer s.mu.Unlock()
	if s.closed || s.failed != nil || !s.started || len(s.unsent) > 0 || len(s.buf) > 0 {
		return false
	}
	if err := send(m); err != nil {
		// as in the stream loop, a failed send ends the connection
		s.buf = nil
		s.failed = err
		wake()
		return true
	}
	if len(s.buf) == 0 {
		return true // a message hook dropped it
	}
	chunk := s.appendChunk(make([]byte, 0, len(s.buf)+16))
	s.buf = nil
	n, err := nonblockingWrite(s.conn, chunk)
	if err != nil {
		s.failed = err
		wake()
		return true
	}
	s.lastSend.Store(time.Now().UnixNano())
	if n < len(chunk) {
		s.unsent = chunk[n:]
		wake()
	}
	return true
}

func (s *hijackedStream) appendChunk(out []byte) []byte {
	out = strconv.AppendInt(out, int64(len(s.buf)), 16)
	out = append(out, "\r\n"...)
	out = append(out, s.buf...)
	return append(out, "\r\n"...)
}
