package cli

import (
	"os"
	"runtime/pprof"
)

// startProfiling writes a CPU profile of the whole serve run to the file
// named by HOOKBASE_CPUPROFILE (for performance work under real load).
func startProfiling() (stop func()) {
	path := os.Getenv("HOOKBASE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
