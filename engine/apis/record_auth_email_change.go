package apis

import (
	"net/http"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

const msgSuperuserEmailChange = "All superusers can change their emails directly."

// recordRequestEmailChange mails the new address a confirmation link; the
// caller must be authenticated as a record of the collection.
func recordRequestEmailChange(e *core.RequestEvent) error {
	// the auth checks come first, as PocketBase's route middleware
	if e.Auth == nil {
		return router.NewUnauthorizedError(msgRequireAuth, nil)
	}
	if c, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection")); err != nil || c.Id != e.Auth.Collection().Id {
		return router.NewForbiddenError("The request requires auth record from "+e.Auth.Collection().Name+" collection.", nil)
	}
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	if collection.Name == core.CollectionNameSuperusers {
		return router.NewBadRequestError(msgSuperuserEmailChange, nil)
	}
	record := e.Auth
	var body struct {
		NewEmail string `json:"newEmail"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	errs := validation.Errors{}
	if v := requiredEmail(body.NewEmail)["email"]; v != nil {
		errs["newEmail"] = v
	} else if strings.EqualFold(body.NewEmail, record.Email()) {
		errs["newEmail"] = validation.NewError("validation_not_in_invalid", "Must be a valid value.")
	} else if other, err := e.App.FindAuthRecordByEmail(collection, body.NewEmail); err == nil && other.Id != record.Id {
		errs["newEmail"] = validation.NewError("validation_invalid_new_email", "Invalid new email address.")
	}
	if err := validationFailed(errs); err != nil {
		return err
	}

	event := &core.RecordRequestEmailChangeRequestEvent{RequestEvent: *e, Record: record, NewEmail: body.NewEmail}
	event.Collection = collection
	return e.App.OnRecordRequestEmailChangeRequest().Trigger(event, func(ev *core.RecordRequestEmailChangeRequestEvent) error {
		if err := ev.App.SendRecordChangeEmail(ev.Record, ev.NewEmail); err != nil {
			ev.App.Logger().Error("failed to send the email change mail", "error", err)
			return router.NewBadRequestError("Failed to request email change.", nil)
		}
		return ev.NoContent(http.StatusNoContent)
	})
}

// recordConfirmEmailChange applies the change of a valid token when the
// current password is given. The new email rotates the tokenKey (in core),
// so every token issued before stops working.
func recordConfirmEmailChange(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	if collection.Name == core.CollectionNameSuperusers {
		return router.NewBadRequestError(msgSuperuserEmailChange, nil)
	}
	var body struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	record, newEmail, tokenErr := parseEmailChangeToken(e.App, collection, body.Token)
	errs := validation.Errors{}
	if body.Token == "" {
		errs["token"] = validation.Required()
	} else if tokenErr != nil {
		errs["token"] = tokenErr
	}
	switch {
	case body.Password == "":
		errs["password"] = validation.Required()
	case len(body.Password) > 100:
		errs["password"] = validation.NewError("validation_length_out_of_range", "The length must be between 1 and 100.")
	case record == nil || !record.ValidatePassword(body.Password):
		errs["password"] = validation.NewError("validation_invalid_password", "Missing or invalid auth record password.")
	}
	if err := validationFailed(errs); err != nil {
		return err
	}

	event := &core.RecordConfirmEmailChangeRequestEvent{RequestEvent: *e, Record: record, NewEmail: newEmail}
	event.Collection = collection
	return e.App.OnRecordConfirmEmailChangeRequest().Trigger(event, func(ev *core.RecordConfirmEmailChangeRequestEvent) error {
		ev.Record.SetEmail(ev.NewEmail)
		// the link was opened from the new mailbox
		ev.Record.SetVerified(true)
		if err := ev.App.Save(ev.Record); err != nil {
			return router.NewBadRequestError("Failed to confirm email change.", err)
		}
		return ev.NoContent(http.StatusNoContent)
	})
}

// parseEmailChangeToken checks an email change token: its payload, its
// signature and expiry (the tokenKey rotates when the email changes, so a
// token works once), its collection, and that the new address is free.
func parseEmailChangeToken(app *core.App, collection *core.Collection, token string) (*core.Record, string, *validation.Error) {
	if token == "" {
		return nil, "", nil
	}
	claims, _ := security.ParseUnverifiedJWT(token)
	newEmail := cast.ToString(claims[core.TokenClaimNewEmail])
	if newEmail == "" {
		return nil, "", validation.NewError("validation_invalid_token_payload", "Invalid token payload - newEmail must be set.")
	}
	record, err := app.FindAuthRecordByToken(token, core.TokenTypeEmailChange)
	if err != nil {
		return nil, "", validation.NewError("validation_invalid_token", "Invalid or expired token.")
	}
	if record.Collection().Id != collection.Id {
		return nil, "", validation.NewError("validation_token_collection_mismatch", "The provided token is for different auth collection.")
	}
	if _, err := app.FindAuthRecordByEmail(collection, newEmail); err == nil {
		return nil, "", validation.NewError("validation_invalid_token_email", "The new email address is invalid.")
	}
	return record, newEmail, nil
}
