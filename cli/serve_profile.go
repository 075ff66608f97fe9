package cli

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// startProfiling writes a CPU profile of the whole serve run to the file
// named by HOOKBASE_CPUPROFILE, and a heap profile taken when serve stops
// to the file named by HOOKBASE_MEMPROFILE (what a loaded server holds),
// for performance work under real load. HOOKBASE_MEMSTATS names a file
// rewritten every second with the Go memory figures (to tell the Go heap
// from SQLite's and the stacks' share of the RSS).
func startProfiling() (stop func()) {
	stopCPU := startCPUProfile(os.Getenv("HOOKBASE_CPUPROFILE"))
	heapPath := os.Getenv("HOOKBASE_MEMPROFILE")
	stopStats := startMemStats(os.Getenv("HOOKBASE_MEMSTATS"))
	return func() {
		stopStats()
		stopCPU()
		if heapPath != "" {
			writeHeapProfile(heapPath)
		}
	}
}

func startCPUProfile(path string) (stop func()) {
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

func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	_ = pprof.Lookup("heap").WriteTo(f, 0)
}

func startMemStats(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			const mib = 1 << 20
			text := fmt.Sprintf("heapAlloc %d\nheapInuse %d\nheapIdle %d\nheapReleased %d\nheapSys %d\nstackSys %d\nsys %d\nnumGC %d\ngoroutines %d\n",
				ms.HeapAlloc/mib, ms.HeapInuse/mib, ms.HeapIdle/mib, ms.HeapReleased/mib, ms.HeapSys/mib,
				ms.StackSys/mib, ms.Sys/mib, ms.NumGC, runtime.NumGoroutine())
			_ = os.WriteFile(path, []byte(text), 0o644)
		}
	}()
	return func() { close(done) }
}
