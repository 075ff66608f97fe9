package jsvm

import (
	"errors"
	"strings"
)

// FileError is a hook file that failed to load: it does not compile, or
// its top-level code throws. It names the file even when the error itself
// points into a module the file require()d, so the manager knows which
// file to leave out at start-up (see Manager.Start).
type FileError struct {
	File string // relative to the hooks dir, e.g. "broken.pb.js"
	Err  error  // usually a *ScriptError or *TimeoutError
}

// Error is the inner error ("file:line:col: message"), prefixed with the
// file when the inner error names another one (or none).
func (e *FileError) Error() string {
	msg := e.Err.Error()
	if strings.HasPrefix(msg, e.File+":") {
		return msg
	}
	return e.File + ": " + msg
}

// Unwrap gives the inner error (errors.As finds the *ScriptError).
func (e *FileError) Unwrap() error { return e.Err }

// failedFile is the hook file err blames, or "".
func failedFile(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.File
	}
	return ""
}
