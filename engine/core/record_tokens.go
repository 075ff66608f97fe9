package core

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/spf13/cast"
)

// Token types (the "type" claim).
const (
	TokenTypeAuth          = "auth"
	TokenTypeFile          = "file"
	TokenTypeVerification  = "verification"
	TokenTypePasswordReset = "passwordReset"
	TokenTypeEmailChange   = "emailChange"
)

// Token claims.
const (
	TokenClaimId           = "id"
	TokenClaimType         = "type"
	TokenClaimCollectionId = "collectionId"
	TokenClaimEmail        = "email"
	TokenClaimNewEmail     = "newEmail"
	TokenClaimRefreshable  = "refreshable"
)

// tokenConfigFor returns the collection's config of a token type.
func (c *Collection) tokenConfigFor(typ string) *TokenConfig {
	switch typ {
	case TokenTypeAuth:
		return c.AuthToken
	case TokenTypeFile:
		return c.FileToken
	case TokenTypeVerification:
		return c.VerificationToken
	case TokenTypePasswordReset:
		return c.PasswordResetToken
	case TokenTypeEmailChange:
		return c.EmailChangeToken
	}
	return nil
}

// signingKey combines the record's tokenKey with the collection secret of
// the token type, so rotating either invalidates the issued tokens.
func (r *Record) signingKey(typ string) (string, error) {
	if r.collection == nil || !r.collection.IsAuth() {
		return "", errors.New("not an auth record")
	}
	cfg := r.collection.tokenConfigFor(typ)
	if cfg == nil || cfg.Secret == "" {
		return "", errors.New("missing token secret")
	}
	return r.TokenKey() + cfg.Secret, nil
}

// NewToken signs an HS256 token of typ for the record with extra claims.
func (r *Record) NewToken(typ string, duration time.Duration, extra map[string]any) (string, error) {
	key, err := r.signingKey(typ)
	if err != nil {
		return "", err
	}
	claims := jwt.MapClaims{
		TokenClaimId:           r.Id,
		TokenClaimType:         typ,
		TokenClaimCollectionId: r.collection.Id,
	}
	for k, v := range extra {
		claims[k] = v
	}
	if duration <= 0 {
		duration = time.Duration(r.collection.tokenConfigFor(typ).Duration) * time.Second
	}
	return security.NewJWT(claims, key, duration)
}

// NewAuthToken returns a refreshable auth token.
func (r *Record) NewAuthToken() (string, error) {
	return r.NewToken(TokenTypeAuth, 0, map[string]any{TokenClaimRefreshable: true})
}

// NewStaticAuthToken returns a non-refreshable auth token (impersonation).
func (r *Record) NewStaticAuthToken(duration time.Duration) (string, error) {
	return r.NewToken(TokenTypeAuth, duration, map[string]any{TokenClaimRefreshable: false})
}

// NewFileToken returns a short-lived token for protected files.
func (r *Record) NewFileToken() (string, error) { return r.NewToken(TokenTypeFile, 0, nil) }

// FindAuthRecordByToken verifies a token (HS256 only, signature and
// expiry) and returns its record; validTypes limits the accepted types.
func (app *App) FindAuthRecordByToken(token string, validTypes ...string) (*Record, error) {
	claims, err := security.ParseUnverifiedJWT(token)
	if err != nil {
		return nil, err
	}
	typ := cast.ToString(claims[TokenClaimType])
	if len(validTypes) > 0 {
		ok := false
		for _, t := range validTypes {
			if t == typ {
				ok = true
				break
			}
		}
		if !ok {
			return nil, errors.New("invalid token type")
		}
	}
	c, err := app.FindCachedCollectionByNameOrId(cast.ToString(claims[TokenClaimCollectionId]))
	if err != nil || !c.IsAuth() {
		return nil, errors.New("invalid token collection")
	}
	record, err := app.FindRecordById(c, cast.ToString(claims[TokenClaimId]))
	if err != nil {
		return nil, err
	}
	key, err := record.signingKey(typ)
	if err != nil {
		return nil, err
	}
	if _, err := security.ParseJWT(token, key); err != nil {
		return nil, err
	}
	return record, nil
}
