package apis

import (
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

// Messages of the auth guards, as PocketBase words them.
const (
	msgRequireAuth      = "The request requires valid record authorization token."
	msgRequireSuperuser = "The authorized record is not allowed to perform this action."
)

// superuserGuard answers 401 to guests and 403 to other auth records.
func superuserGuard(e *core.RequestEvent) error {
	if e.Auth == nil {
		return router.NewUnauthorizedError(msgRequireAuth, nil)
	}
	if !e.Auth.IsSuperuser() {
		return router.NewForbiddenError(msgRequireSuperuser, nil)
	}
	return nil
}

// requestToken is the raw token of the Authorization header.
func requestToken(e *core.RequestEvent) string {
	token := strings.TrimSpace(e.Request.Header.Get("Authorization"))
	if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	}
	return token
}

// recordAuthRefresh answers a fresh token for the authenticated record of
// the collection; a non-refreshable (impersonation) token is answered as is.
func recordAuthRefresh(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	if e.Auth == nil {
		return router.NewUnauthorizedError(msgRequireAuth, nil)
	}
	if e.Auth.Collection().Id != collection.Id {
		// PocketBase names the collection of the token's record, not the route's.
		return router.NewForbiddenError("The request requires auth record from "+e.Auth.Collection().Name+" collection.", nil)
	}
	event := &core.RecordAuthRefreshRequestEvent{RequestEvent: *e, Record: e.Auth}
	event.Collection = collection
	return e.App.OnRecordAuthRefreshRequest().Trigger(event, func(ev *core.RecordAuthRefreshRequestEvent) error {
		if ev.Record == nil {
			return router.NewNotFoundError("Missing auth record context.", nil)
		}
		token := requestToken(&ev.RequestEvent)
		claims, _ := security.ParseUnverifiedJWT(token)
		if refreshable, ok := claims[core.TokenClaimRefreshable]; ok && !cast.ToBool(refreshable) && ev.Record.Id == e.Auth.Id {
			return recordAuthResponseWithToken(&ev.RequestEvent, ev.Record, token, "", nil)
		}
		return RecordAuthResponse(&ev.RequestEvent, ev.Record, "", nil)
	})
}

// recordAuthImpersonate lets a superuser get a non-refreshable token of
// any auth record (duration in seconds; 0 uses the collection default).
func recordAuthImpersonate(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	var body struct {
		Duration float64 `json:"duration"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	if body.Duration < 0 {
		return router.NewBadRequestError("An error occurred while validating the submitted data.", validation.Errors{
			"duration": validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 0.").SetParams(map[string]any{"threshold": 0}),
		})
	}
	record, err := e.App.FindRecordById(collection, e.Request.PathValue("id"))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return router.NewNotFoundError("", nil)
		}
		return err
	}
	token, err := record.NewStaticAuthToken(time.Duration(body.Duration * float64(time.Second)))
	if err != nil {
		return router.NewBadRequestError("Failed to create auth token.", err)
	}
	return recordAuthResponseWithToken(e, record, token, "", nil)
}
