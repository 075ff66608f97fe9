package bindings

import "github.com/hookbase/hookbase/engine/core"

// NewStandalone returns bindings whose Install defines the usual globals
// around app, without binding any engine hook or router integration. It is
// for scripts that run outside the hooks generations, such as JS migrations,
// where app is the migration's transaction app.
func NewStandalone(app *core.App, opts Options) *Bindings {
	return &Bindings{app: app, opts: opts}
}
