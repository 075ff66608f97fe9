package core

import (
	"errors"

	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/spf13/cast"
)

// NewVerificationToken returns an email verification token bound to the
// record's current email.
func (r *Record) NewVerificationToken() (string, error) {
	return r.NewToken(TokenTypeVerification, 0, map[string]any{TokenClaimEmail: r.Email()})
}

// NewPasswordResetToken returns a password reset token; it stops working
// once the password (and so the tokenKey) changes.
func (r *Record) NewPasswordResetToken() (string, error) {
	return r.NewToken(TokenTypePasswordReset, 0, map[string]any{TokenClaimEmail: r.Email()})
}

// NewEmailChangeToken returns a token confirming a change to newEmail.
func (r *Record) NewEmailChangeToken(newEmail string) (string, error) {
	return r.NewToken(TokenTypeEmailChange, 0, map[string]any{TokenClaimEmail: r.Email(), TokenClaimNewEmail: newEmail})
}

// ErrTokenEmailMismatch is returned when a token was issued for an email
// the record no longer has.
var ErrTokenEmailMismatch = errors.New("the token email does not match the record email")

// FindAuthRecordByEmailToken verifies a verification or password reset
// token of typ (signature, expiry, type) and checks that its email claim is
// still the record's email.
func (app *App) FindAuthRecordByEmailToken(token string, typ string) (*Record, error) {
	record, err := app.FindAuthRecordByToken(token, typ)
	if err != nil {
		return nil, err
	}
	claims, err := security.ParseUnverifiedJWT(token)
	if err != nil {
		return nil, err
	}
	if cast.ToString(claims[TokenClaimEmail]) != record.Email() {
		return nil, ErrTokenEmailMismatch
	}
	return record, nil
}
