package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// sseConn is a raw SSE connection: no http.Client goroutines, so tens of
// thousands of them cost the bench little.
type sseConn struct {
	conn     net.Conn
	reader   *bufio.Reader
	clientId string
	// leftover is what the connection's reader had buffered past
	// PB_CONNECT (raw, still chunk-encoded), for a raw reader to start with.
	raw *bufio.Reader
}

func dialSSE(ctx context.Context, addr string) (*sseConn, error) {
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/realtime", nil)
	req.Header.Set("Accept", "text/event-stream")
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if err := req.Write(conn); err != nil {
		conn.Close()
		return nil, err
	}
	raw := bufio.NewReader(conn)
	res, err := http.ReadResponse(raw, req)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		conn.Close()
		return nil, fmt.Errorf("GET /api/realtime: status %d", res.StatusCode)
	}
	c := &sseConn{conn: conn, reader: bufio.NewReaderSize(res.Body, 8<<10), raw: raw}
	name, data, err := c.next()
	if err != nil {
		conn.Close()
		return nil, err
	}
	var connect struct {
		ClientId string `json:"clientId"`
	}
	if name != "PB_CONNECT" || json.Unmarshal(data, &connect) != nil || connect.ClientId == "" {
		conn.Close()
		return nil, fmt.Errorf("unexpected first event %q %s", name, data)
	}
	c.clientId = connect.ClientId
	_ = conn.SetDeadline(time.Time{})
	return c, nil
}

// next reads one event; comments (keep-alives) are skipped.
func (c *sseConn) next() (string, []byte, error) {
	var name string
	var data []byte
	for {
		line, err := c.reader.ReadSlice('\n')
		if err != nil {
			return "", nil, err
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
			if name != "" || data != nil {
				return name, data, nil
			}
		case bytes.HasPrefix(line, []byte("event:")):
			name = string(line[len("event:"):])
		case bytes.HasPrefix(line, []byte("data:")):
			data = append(data, line[len("data:"):]...)
		}
	}
}

// dialMany opens n SSE connections, at most parallel at a time.
func dialMany(ctx context.Context, addr string, n, parallel int) ([]*sseConn, error) {
	conns := make([]*sseConn, n)
	errs := make(chan error, n)
	gate := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		gate <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-gate }()
			c, err := dialSSE(ctx, addr)
			if err != nil {
				errs <- err
				return
			}
			conns[i] = c
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		for _, c := range conns {
			if c != nil {
				c.conn.Close()
			}
		}
		return nil, err
	}
	return conns, nil
}
