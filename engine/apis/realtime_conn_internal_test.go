package apis

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/realtime"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (server, client net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	t.Cleanup(func() { server.Close(); client.Close() })
	return server, client
}

// Regression: the deadline of a blocking write stayed on the socket, and
// once it had passed every later direct (non-blocking) write failed with
// "i/o timeout" and ended the stream.
func TestHijackedStreamDirectWriteAfterAnOldBlockingWrite(t *testing.T) {
	old := realtimeWriteTimeout
	realtimeWriteTimeout = 50 * time.Millisecond
	t.Cleanup(func() { realtimeWriteTimeout = old })

	srv, cli := tcpPair(t)
	s := &hijackedStream{conn: srv, header: http.Header{}}
	_, _ = s.Write([]byte("first"))
	if err := s.flush(); err != nil { // headers + first chunk, blocking write
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond) // the blocking write's deadline is long gone

	send := func(m realtime.Message) error { return m.WriteSSE(s, "cid") }
	woken := false
	if !s.tryDirect(realtime.Message{Name: "later", Data: []byte("{}")}, send, func() { woken = true }) {
		t.Fatal("the direct write was refused")
	}
	if s.failed != nil || woken {
		t.Fatalf("direct write failed: %v (woken=%v)", s.failed, woken)
	}

	_ = cli.SetReadDeadline(time.Now().Add(5 * time.Second))
	r := bufio.NewReader(cli)
	var got strings.Builder
	for !strings.Contains(got.String(), "event:later") {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("read: %v (so far %q)", err, got.String())
		}
		got.WriteString(line)
	}
}
