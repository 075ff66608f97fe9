package typesgen

import (
	"reflect"
	"strings"
)

const typesPkg = "github.com/hookbase/hookbase/engine/tools/types"

// input is the TypeScript type a value must have to be passed to (or
// assigned as) a Go value of type t. It is ref(t), widened where goja
// converts plain JS values itself: a plain array becomes a
// types.JSONArray and a plain object a types.JSONMap, so
// `collection.indexes = ["CREATE INDEX …"]` is valid. (A FieldsList is
// not widened: goja cannot turn plain objects into fields; the
// Collection constructor and unmarshal() take plain field data.)
func (w *walker) input(t reflect.Type) string {
	name := w.ref(t)
	if t.Kind() == reflect.Pointer || t.PkgPath() != typesPkg {
		return name
	}
	switch {
	case t.Kind() == reflect.Slice && strings.HasPrefix(t.Name(), "JSONArray["):
		return name + " | Array<" + w.ref(t.Elem()) + ">"
	case t.Kind() == reflect.Map && strings.HasPrefix(t.Name(), "JSONMap["):
		return name + " | { [key: string]: " + w.ref(t.Elem()) + " }"
	}
	return name
}

// optionalArgs lists methods that public hooks call with fewer arguments
// than the Go signature has (goja passes the zero value for a missing
// one, which these methods read as "not given"): the doc key of the
// method → the index of its first optional parameter. Only methods whose
// zero values mean a sensible default are listed, so a call that misses
// a needed argument (e.g. $app.save()) is still flagged.
var optionalArgs = map[string]int{
	// findRecordsByFilter("posts", "x = 1") — no sort, no limit, no offset
	"github.com/hookbase/hookbase/engine/core.App.FindRecordsByFilter": 2,
	// expandRecord(record, ["author"]) — the default fetch function
	"github.com/hookbase/hookbase/engine/core.App.ExpandRecord":  2,
	"github.com/hookbase/hookbase/engine/core.App.ExpandRecords": 2,
	// importCollections(snapshot) — keep collections missing from it
	"github.com/hookbase/hookbase/engine/core.App.ImportCollections":                1,
	"github.com/hookbase/hookbase/engine/core.App.ImportCollectionsByMarshaledJSON": 1,
	// e.badRequestError("message") — no data
	"github.com/hookbase/hookbase/engine/tools/router.Event.Error":                2,
	"github.com/hookbase/hookbase/engine/tools/router.Event.BadRequestError":      1,
	"github.com/hookbase/hookbase/engine/tools/router.Event.NotFoundError":        1,
	"github.com/hookbase/hookbase/engine/tools/router.Event.ForbiddenError":       1,
	"github.com/hookbase/hookbase/engine/tools/router.Event.UnauthorizedError":    1,
	"github.com/hookbase/hookbase/engine/tools/router.Event.TooManyRequestsError": 1,
	"github.com/hookbase/hookbase/engine/tools/router.Event.InternalServerError":  1,
}

// optionalFrom is the index of the first optional parameter of the method
// with doc key key, or -1 when every parameter is required.
func optionalFrom(key string) int {
	if n, ok := optionalArgs[key]; ok {
		return n
	}
	return -1
}
