package apis

import (
	"database/sql"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/pocketbase/dbx"
)

func bindRecordAuthApi(r *Router) {
	r.POST("/api/collections/{collection}/auth-with-password", recordAuthWithPassword)
	r.GET("/api/collections/{collection}/auth-methods", recordAuthMethods)
	r.POST("/api/collections/{collection}/auth-refresh", recordAuthRefresh)
	r.POST("/api/collections/{collection}/impersonate/{id}", recordAuthImpersonate)
	r.POST("/api/collections/{collection}/request-verification", recordRequestVerification)
	r.POST("/api/collections/{collection}/confirm-verification", recordConfirmVerification)
	r.POST("/api/collections/{collection}/request-password-reset", recordRequestPasswordReset)
	r.POST("/api/collections/{collection}/confirm-password-reset", recordConfirmPasswordReset)
	r.POST("/api/collections/{collection}/auth-with-oauth2", recordAuthWithOAuth2)
	bindOAuth2RedirectApi(r)
	r.POST("/api/collections/{collection}/request-otp", recordRequestOTP)
	r.POST("/api/collections/{collection}/auth-with-otp", recordAuthWithOTP)
	r.POST("/api/collections/{collection}/request-email-change", recordRequestEmailChange)
	r.POST("/api/collections/{collection}/confirm-email-change", recordConfirmEmailChange)
}

// findAuthCollection resolves the {collection} path param to an auth collection.
func findAuthCollection(e *core.RequestEvent) (*core.Collection, error) {
	c, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || !c.IsAuth() {
		return nil, router.NewNotFoundError("Missing or invalid auth collection context.", nil)
	}
	return c, nil
}

func recordAuthWithPassword(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	if collection.PasswordAuth == nil || !collection.PasswordAuth.Enabled {
		return router.NewForbiddenError("The collection is not configured to allow password authentication.", nil)
	}

	var body struct {
		Identity      string `json:"identity"`
		Password      string `json:"password"`
		IdentityField string `json:"identityField"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	verrs := validation.Errors{}
	if body.Identity == "" {
		verrs["identity"] = validation.Required()
	}
	if body.Password == "" {
		verrs["password"] = validation.Required()
	}
	if body.IdentityField != "" && !slices.Contains(collection.PasswordAuth.IdentityFields, body.IdentityField) {
		verrs["identityField"] = validation.NewError("validation_in_invalid", "Must be a valid value.")
	}
	if err := verrs.Filter(); err != nil {
		return router.NewBadRequestError("An error occurred while validating the submitted data.", err)
	}

	fields := collection.PasswordAuth.IdentityFields
	if body.IdentityField != "" {
		fields = []string{body.IdentityField}
	}
	record, err := findRecordByIdentity(e.App, collection, fields, body.Identity)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}

	event := &core.RecordAuthWithPasswordRequestEvent{
		RequestEvent: *e, Record: record, Identity: body.Identity,
		IdentityField: strings.Join(fields, ","), Password: body.Password,
	}
	event.Collection = collection
	return e.App.OnRecordAuthWithPasswordRequest().Trigger(event, func(ev *core.RecordAuthWithPasswordRequestEvent) error {
		if ev.Record == nil || !ev.Record.ValidatePassword(ev.Password) {
			return router.NewBadRequestError("Failed to authenticate.", nil)
		}
		return RecordAuthResponse(&ev.RequestEvent, ev.Record, core.RequestContextPassword, nil)
	})
}

// findRecordByIdentity looks the identity up in each identity field in order
// (emails compared case-insensitively).
func findRecordByIdentity(app *core.App, c *core.Collection, fields []string, identity string) (*core.Record, error) {
	for _, name := range fields {
		if c.Fields.GetByName(name) == nil {
			continue
		}
		var (
			record *core.Record
			err    error
		)
		if name == core.FieldNameEmail {
			record, err = app.FindAuthRecordByEmail(c, identity)
		} else {
			var list []*core.Record
			list, err = app.FindRecordsByQuery(c, app.RecordQuery(c).AndWhere(dbx.HashExp{c.Name + "." + name: identity}).Limit(1))
			if err == nil && len(list) > 0 {
				record = list[0]
			} else if err == nil {
				err = sql.ErrNoRows
			}
		}
		if err == nil {
			return record, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return nil, sql.ErrNoRows
}

// RecordAuthResponse answers {token, record[, meta]} through
// OnRecordAuthRequest after CheckRecordAuthRule; the owner sees their own
// email.
func RecordAuthResponse(e *core.RequestEvent, record *core.Record, authMethod string, meta any) error {
	token, err := record.NewAuthToken()
	if err != nil {
		return router.NewBadRequestError("Failed to create auth token.", err)
	}
	return recordAuthResponseWithToken(e, record, token, authMethod, meta)
}

// recordAuthResponseWithToken is RecordAuthResponse with a given token
// (impersonation, and the refresh of a non-refreshable token). The
// collection's authRule is checked here, before OnRecordAuthRequest, so no
// route can answer a token the rule refuses.
func recordAuthResponseWithToken(e *core.RequestEvent, record *core.Record, token string, authMethod string, meta any) error {
	if err := CheckRecordAuthRule(e, record); err != nil {
		return err
	}
	event := &core.RecordAuthRequestEvent{RequestEvent: *e, Record: record, Token: token, Meta: meta, AuthMethod: authMethod}
	event.Collection = record.Collection()
	return e.App.OnRecordAuthRequest().Trigger(event, func(ev *core.RecordAuthRequestEvent) error {
		// a first factor answers 401 {mfaId} instead of a token
		if mfaId, err := checkMFA(&ev.RequestEvent, ev.Record, ev.AuthMethod); err != nil {
			return err
		} else if mfaId != "" {
			return ev.JSON(http.StatusUnauthorized, map[string]string{"mfaId": mfaId})
		}
		if ev.AuthMethod != "" {
			notifyNewAuthOrigin(&ev.RequestEvent, ev.Record)
		}
		ev.Record.IgnoreEmailVisibility(true)
		out := map[string]any{"token": ev.Token, "record": ev.Record}
		if ev.Meta != nil {
			out["meta"] = ev.Meta
		}
		return ev.JSON(http.StatusOK, out)
	})
}
