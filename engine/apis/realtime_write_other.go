//go:build !unix

package apis

import "net"

// nonblockingWrite takes nothing on platforms without a portable
// non-blocking socket write: every message goes through the stream's
// own goroutine there.
func nonblockingWrite(conn net.Conn, b []byte) (int, error) { return 0, nil }
