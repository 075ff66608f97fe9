//go:build linux

package main

import (
	"bytes"
	"strconv"
	"syscall"
	"time"
)

// streamState decodes one stream's chunked body incrementally and finds
// the bench markers in it, across reads that split lines anywhere.
type streamState struct {
	pending []byte // undecoded raw bytes
	left    int    // bytes left in the current chunk (-1: reading a size line)
	tail    []byte // decoded bytes not yet scanned (a marker may straddle reads)
}

// startPoller reads every subscriber stream from one goroutine with epoll.
func (s *subscribers) startPoller() bool {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return false
	}
	states := make([]*streamState, len(s.conns))
	fds := map[int32]int{}
	for i, c := range s.conns {
		st := &streamState{left: -1}
		// whatever the HTTP reader buffered past PB_CONNECT comes first
		// (typically the CRLF that ends its chunk)
		if n := c.raw.Buffered(); n > 0 {
			b, _ := c.raw.Peek(n)
			st.pending = append(st.pending, b...)
		}
		c.reader, c.raw = nil, nil
		states[i] = st
		sc, ok := c.conn.(syscall.Conn)
		if !ok {
			syscall.Close(epfd)
			return false
		}
		raw, err := sc.SyscallConn()
		if err != nil {
			syscall.Close(epfd)
			return false
		}
		var ctlErr error
		_ = raw.Control(func(fd uintptr) {
			fds[int32(fd)] = i
			ctlErr = syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, int(fd), &syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP, Fd: int32(fd)})
		})
		if ctlErr != nil {
			syscall.Close(epfd)
			return false
		}
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer syscall.Close(epfd)
		events := make([]syscall.EpollEvent, 256)
		buf := make([]byte, 64<<10)
		open := len(s.conns)
		for open > 0 {
			n, err := syscall.EpollWait(epfd, events, 200)
			if err != nil && err != syscall.EINTR {
				return
			}
			if s.closing.Load() {
				return
			}
			now := time.Now().UnixNano()
			for _, ev := range events[:max(n, 0)] {
				i := fds[ev.Fd]
				got, rerr := syscall.Read(int(ev.Fd), buf)
				if got > 0 {
					s.feed(i, states[i], buf[:got], now)
				}
				if got == 0 || (rerr != nil && rerr != syscall.EAGAIN && rerr != syscall.EINTR) {
					_ = syscall.EpollCtl(epfd, syscall.EPOLL_CTL_DEL, int(ev.Fd), nil)
					if !s.closing.Load() {
						s.dropped.Add(1)
					}
					open--
				}
			}
		}
	}()
	return true
}

// feed decodes raw chunked bytes of stream i and records its markers.
func (s *subscribers) feed(i int, st *streamState, raw []byte, now int64) {
	st.pending = append(st.pending, raw...)
	var decoded []byte
	for len(st.pending) > 0 {
		if st.left < 0 {
			nl := bytes.IndexByte(st.pending, '\n')
			if nl < 0 {
				break
			}
			line := bytes.TrimSpace(st.pending[:nl])
			st.pending = st.pending[nl+1:]
			if len(line) == 0 {
				continue // the CRLF after a chunk's data
			}
			if semi := bytes.IndexByte(line, ';'); semi >= 0 {
				line = line[:semi]
			}
			size, err := strconv.ParseInt(string(line), 16, 64)
			if err != nil || size == 0 {
				st.pending = nil // end of the body (or garbage): stop decoding
				break
			}
			st.left = int(size)
			continue
		}
		take := min(st.left, len(st.pending))
		decoded = append(decoded, st.pending[:take]...)
		st.pending = st.pending[take:]
		st.left -= take
		if st.left == 0 {
			st.left = -1
		}
	}
	st.pending = append([]byte(nil), st.pending...)
	if len(decoded) == 0 {
		return
	}
	scan := append(st.tail, decoded...)
	for {
		at := bytes.Index(scan, marker)
		if at < 0 {
			break
		}
		rest := scan[at+len(marker):]
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			scan = scan[at:] // the rest of this marker has not arrived yet
			break
		}
		s.record(i, rest, now)
		scan = rest[end:]
	}
	// keep enough to complete a marker split by the next read
	if keep := len(marker) + 24; len(scan) > keep && bytes.Index(scan, marker) < 0 {
		scan = scan[len(scan)-keep:]
	}
	st.tail = append([]byte(nil), scan...)
}
