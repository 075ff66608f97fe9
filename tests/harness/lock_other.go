//go:build !unix

package harness

// lockFile is a no-op where flock is unavailable; the in-process mutex
// still serialises installs within one test binary.
func lockFile(path string) (unlock func(), err error) {
	return func() {}, nil
}
