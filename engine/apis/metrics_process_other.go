//go:build !unix

package apis

import (
	"runtime"
	"time"
)

// processCPU is unknown off unix.
func processCPU() time.Duration { return 0 }

// processRSS falls back to the memory the Go runtime got from the OS.
func processRSS() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Sys
}
