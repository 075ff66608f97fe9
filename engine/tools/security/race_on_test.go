//go:build race

package security

// raceEnabled: the race detector's instrumentation moves stack buffers to
// the heap, so allocation counts only hold without it.
const raceEnabled = true
