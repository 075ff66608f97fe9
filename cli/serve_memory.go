package cli

import (
	"runtime/debug"

	"github.com/hookbase/hookbase/engine/tools/dialect"
)

// releaseStartupMemory hands back to the OS the heap that starting up left
// behind: applying migrations (a seed migration creates thousands of
// records), compiling pb_hooks and filling the JS runtime pool allocate
// tens of MiB that are garbage once serve begins, and the Go runtime would
// otherwise keep those pages resident until its background scavenger gets
// to them (minutes), so an idle server looked far bigger than it is.
// SQLite's page caches (the writer's holds what a seed wrote) are outside
// the Go heap and are freed with them. It costs one GC before the listener
// opens.
func releaseStartupMemory() {
	dialect.ReleaseIdleCaches()
	debug.FreeOSMemory()
}
