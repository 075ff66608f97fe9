package apis

import (
	"fmt"
	"net/http"
	"net/mail"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

const msgValidationFailed = "An error occurred while validating the submitted data."

func validationFailed(errs validation.Errors) error {
	if err := errs.Filter(); err != nil {
		return router.NewBadRequestError(msgValidationFailed, err)
	}
	return nil
}

// requiredEmail checks the "email" body value of the request-* routes.
func requiredEmail(email string) validation.Errors {
	errs := validation.Errors{}
	if email == "" {
		errs["email"] = validation.Required()
	} else if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
		errs["email"] = validation.NewError("validation_is_email", "Must be a valid email address.")
	}
	return errs
}

// checkVerificationToken verifies a verification token for the collection,
// with PocketBase's error codes: no email claim, a bad or expired token, a
// token of another collection, an email that changed since.
func checkVerificationToken(app *core.App, collection *core.Collection, token string) (*core.Record, *validation.Error) {
	claims, _ := security.ParseUnverifiedJWT(token)
	email := cast.ToString(claims[core.TokenClaimEmail])
	if email == "" {
		return nil, validation.NewError("validation_invalid_token_claims", "Missing email token claim.")
	}
	record, err := app.FindAuthRecordByToken(token, core.TokenTypeVerification)
	if err != nil || record == nil {
		return nil, validation.NewError("validation_invalid_token", "Invalid or expired token.")
	}
	if record.Collection().Id != collection.Id {
		return nil, validation.NewError("validation_token_collection_mismatch", "The provided token is for different auth collection.")
	}
	if record.Email() != email {
		return nil, validation.NewError("validation_token_email_mismatch", "The record email doesn't match with the requested token claims.")
	}
	return record, nil
}

// checkResetToken verifies a password reset token for the collection. Unlike
// verification, PocketBase checks no email claim here: a bad or foreign token
// is all a client can be told about.
func checkResetToken(app *core.App, collection *core.Collection, token string) (*core.Record, *validation.Error) {
	record, err := app.FindAuthRecordByToken(token, core.TokenTypePasswordReset)
	if err != nil || record == nil {
		return nil, validation.NewError("validation_invalid_token", "Invalid or expired token.")
	}
	if record.Collection().Id != collection.Id {
		return nil, validation.NewError("validation_token_collection_mismatch", "The provided token is for different auth collection.")
	}
	return record, nil
}

// sendInBackground sends an auth email without making the client wait, so
// that the answer does not tell whether the address exists.
func sendInBackground(app *core.App, what string, send func() error) {
	go func() {
		if err := send(); err != nil {
			app.Logger().Error("failed to send the "+what+" email", "error", err)
		}
	}()
}

// emailRequestRecord reads {email} for the request-* routes. A nil record
// with a nil error means the email is unknown: the caller answers 204 as for
// a known one, so that responses do not reveal which accounts exist.
func emailRequestRecord(e *core.RequestEvent, route string) (*core.Collection, *core.Record, error) {
	collection, err := findAuthCollection(e)
	if err != nil {
		return nil, nil, err
	}
	var body struct {
		Email string `json:"email"`
	}
	if err := e.BindBody(&body); err != nil {
		return nil, nil, err
	}
	if err := validationFailed(requiredEmail(body.Email)); err != nil {
		return nil, nil, err
	}
	record, err := e.App.FindAuthRecordByEmail(collection, body.Email)
	if err != nil {
		e.App.Logger().Debug(route+" for an unknown email", "collection", collection.Name)
		return collection, nil, nil
	}
	return collection, record, nil
}

func recordRequestVerification(e *core.RequestEvent) error {
	collection, record, err := emailRequestRecord(e, "request-verification")
	if err != nil {
		return err
	}
	if record == nil {
		return e.NoContent(http.StatusNoContent)
	}
	if !record.Verified() && !claimMailSlot(e.App, "verification", record) {
		return e.NoContent(http.StatusNoContent)
	}
	event := &core.RecordRequestVerificationRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordRequestVerificationRequest().Trigger(event, func(ev *core.RecordRequestVerificationRequestEvent) error {
		if !ev.Record.Verified() {
			app, rec := ev.App, ev.Record
			sendInBackground(app, "verification", func() error { return app.SendRecordVerification(rec) })
		}
		return ev.NoContent(http.StatusNoContent)
	})
}

func recordConfirmVerification(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	var body struct {
		Token string `json:"token"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	if body.Token == "" {
		return validationFailed(validation.Errors{"token": validation.Required()})
	}
	record, tokenErr := checkVerificationToken(e.App, collection, body.Token)
	if tokenErr != nil {
		return validationFailed(validation.Errors{"token": tokenErr})
	}
	event := &core.RecordConfirmVerificationRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordConfirmVerificationRequest().Trigger(event, func(ev *core.RecordConfirmVerificationRequestEvent) error {
		if !ev.Record.Verified() {
			ev.Record.SetVerified(true)
			if err := ev.App.Save(ev.Record); err != nil {
				return router.NewBadRequestError("An error occurred while saving the verified state.", err)
			}
		}
		releaseMailSlot(ev.App, "verification", ev.Record)
		return ev.NoContent(http.StatusNoContent)
	})
}

func recordRequestPasswordReset(e *core.RequestEvent) error {
	if c, err := findAuthCollection(e); err == nil && (c.PasswordAuth == nil || !c.PasswordAuth.Enabled) {
		return router.NewBadRequestError("The collection is not configured to allow password authentication.", nil)
	}
	collection, record, err := emailRequestRecord(e, "request-password-reset")
	if err != nil {
		return err
	}
	if record == nil || !claimMailSlot(e.App, "passwordReset", record) {
		return e.NoContent(http.StatusNoContent)
	}
	event := &core.RecordRequestPasswordResetRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordRequestPasswordResetRequest().Trigger(event, func(ev *core.RecordRequestPasswordResetRequestEvent) error {
		app, rec := ev.App, ev.Record
		sendInBackground(app, "password reset", func() error { return app.SendRecordPasswordReset(rec) })
		return ev.NoContent(http.StatusNoContent)
	})
}

func recordConfirmPasswordReset(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	var body struct {
		Token           string `json:"token"`
		Password        string `json:"password"`
		PasswordConfirm string `json:"passwordConfirm"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	errs := validation.Errors{}
	if body.Token == "" {
		errs["token"] = validation.Required()
	}
	var record *core.Record
	if body.Token != "" {
		var tokenErr *validation.Error
		if record, tokenErr = checkResetToken(e.App, collection, body.Token); tokenErr != nil {
			errs["token"] = tokenErr
		}
	}
	// the password field's own rules run on save; this is the form's bound
	min := 1
	if f, ok := collection.Fields.GetByName(core.FieldNamePassword).(*core.PasswordField); ok && f.Min > 0 {
		min = f.Min
	}
	if body.Password == "" {
		errs["password"] = validation.Required()
	} else if n := len([]rune(body.Password)); n < min || n > 255 {
		errs["password"] = validation.NewError("validation_length_out_of_range",
			fmt.Sprintf("The length must be between %d and 255.", min)).SetParams(map[string]any{"min": min, "max": 255})
	}
	if body.PasswordConfirm == "" {
		errs["passwordConfirm"] = validation.Required()
	} else if body.PasswordConfirm != body.Password {
		errs["passwordConfirm"] = validation.NewError("validation_values_mismatch", "Values don't match.")
	}
	if err := validationFailed(errs); err != nil {
		return err
	}
	event := &core.RecordConfirmPasswordResetRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordConfirmPasswordResetRequest().Trigger(event, func(ev *core.RecordConfirmPasswordResetRequestEvent) error {
		// a new password rotates the tokenKey, which invalidates this reset
		// token and every issued auth token
		ev.Record.SetPassword(body.Password)
		// the link was opened from the mailbox, which proves the email,
		// unless the email changed after the token was issued
		if !ev.Record.Verified() {
			claims, _ := security.ParseUnverifiedJWT(body.Token)
			if ev.Record.Email() == cast.ToString(claims[core.TokenClaimEmail]) {
				ev.Record.SetVerified(true)
			}
		}
		if err := ev.App.Save(ev.Record); err != nil {
			return router.NewBadRequestError(msgValidationFailed, err)
		}
		releaseMailSlot(ev.App, "passwordReset", ev.Record)
		return ev.NoContent(http.StatusNoContent)
	})
}
