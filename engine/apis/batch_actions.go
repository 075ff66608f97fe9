package apis

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/spf13/cast"
)

// The record actions a batch may run, as in PocketBase; anything else that
// passes the request validation fails the batch at its index
// (batch_request_failed) when it is reached.
var (
	batchUpsertAction = regexp.MustCompile(`^PUT /api/collections/([^/?]+)/records(\?.*)?$`)
	batchCreateAction = regexp.MustCompile(`^POST /api/collections/[^/?]+/records(\?.*)?$`)
	batchUpdateAction = regexp.MustCompile(`^PATCH /api/collections/[^/?]+/records/[^/?]+(\?.*)?$`)
	batchDeleteAction = regexp.MustCompile(`^DELETE /api/collections/[^/?]+/records/[^/?]+(\?.*)?$`)
)

// resolveBatchAction reports whether ir is a supported record action and
// turns an upsert (PUT …/records) into the update of the record named by
// body.id when it exists, else into a create.
func resolveBatchAction(txApp *core.App, ir *core.InternalRequest) bool {
	action := strings.ToUpper(ir.Method) + " " + ir.URL
	if m := batchUpsertAction.FindStringSubmatch(action); m != nil {
		collection, query := m[1], m[2]
		if id := cast.ToString(ir.Body["id"]); id != "" {
			if _, err := txApp.FindRecordById(collection, id); err == nil {
				ir.Method, ir.URL = http.MethodPatch, "/api/collections/"+collection+"/records/"+id+query
				return true
			}
		}
		ir.Method, ir.URL = http.MethodPost, "/api/collections/"+collection+"/records"+query
		return true
	}
	return batchCreateAction.MatchString(action) || batchUpdateAction.MatchString(action) || batchDeleteAction.MatchString(action)
}
