// Package hookbase holds the repo-level assets that the binary embeds:
// types.d.ts, which serve writes into pb_data for editor autocompletion.
// The engine lives in engine/, the JS VM in jsvm/ and bindings/.
package hookbase

import _ "embed"

// TypesDTS is the generated types.d.ts (`go generate ./bindings/typesgen`).
//
//go:embed types.d.ts
var TypesDTS string
