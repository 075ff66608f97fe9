package apis

import (
	"errors"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
)

// msgAuthRuleRefused is PocketBase's message for a token refused by the
// collection's authRule.
const msgAuthRuleRefused = "The request doesn't satisfy the collection requirements to authenticate."

// CheckRecordAuthRule enforces the authRule of authRecord's collection and
// must run before any auth token of authRecord is handed to a client (every
// auth-with-*, auth-refresh, impersonate; RecordAuthResponse calls it, so
// routes answering through it need nothing more). A nil rule turns
// authentication off for the collection; "" lets every record in; any other
// rule must match the stored record, evaluated with the current request
// (so a superuser's request, e.g. impersonate, always passes, as in
// PocketBase). A refusal is 403, PocketBase's status for login and refresh
// alike; an unexpected error (bad rule, DB) is refused the same way with
// the cause kept out of the response.
func CheckRecordAuthRule(e *core.RequestEvent, authRecord *core.Record) error {
	collection := authRecord.Collection()
	if collection == nil {
		return router.NewForbiddenError(msgAuthRuleRefused, nil)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	ok, err := e.App.CanAccessRecord(authRecord, info, collection.AuthRule)
	if ok && err == nil {
		return nil
	}
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	if err != nil {
		e.App.Logger().Warn("authRule check failed", "collection", collection.Name, "error", err)
	}
	return router.NewForbiddenError(msgAuthRuleRefused, nil)
}
