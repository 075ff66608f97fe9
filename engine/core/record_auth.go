package core

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/pocketbase/dbx"
)

// IsSuperuser reports whether the record belongs to _superusers.
func (r *Record) IsSuperuser() bool {
	return r != nil && r.collection != nil && r.collection.Name == CollectionNameSuperusers
}

// Email returns the auth record email.
func (r *Record) Email() string { return r.GetString(FieldNameEmail) }

// SetEmail sets the auth record email.
func (r *Record) SetEmail(email string) { r.Set(FieldNameEmail, email) }

// Verified reports whether the auth record's email is verified.
func (r *Record) Verified() bool { return r.GetBool(FieldNameVerified) }

// SetVerified sets the verified flag.
func (r *Record) SetVerified(verified bool) { r.Set(FieldNameVerified, verified) }

// EmailVisibility reports whether the email is public.
func (r *Record) EmailVisibility() bool { return r.GetBool(FieldNameEmailVisibility) }

// SetEmailVisibility sets emailVisibility.
func (r *Record) SetEmailVisibility(visible bool) { r.Set(FieldNameEmailVisibility, visible) }

// TokenKey is the per-record part of the token signing key.
func (r *Record) TokenKey() string { return r.GetString(FieldNameTokenKey) }

// SetTokenKey sets the token key.
func (r *Record) SetTokenKey(key string) { r.Set(FieldNameTokenKey, key) }

// RefreshTokenKey rotates the token key, invalidating issued tokens.
func (r *Record) RefreshTokenKey() { r.Set(FieldNameTokenKey, security.RandomString(50)) }

// SetPassword sets a new password (hashed on save) and rotates the token
// key so that old tokens stop working.
func (r *Record) SetPassword(password string) {
	r.Set(FieldNamePassword, password)
	r.RefreshTokenKey()
}

// ValidatePassword reports whether password matches the stored hash.
func (r *Record) ValidatePassword(password string) bool {
	hash := r.passwordHash()
	return hash != "" && security.CheckPassword(hash, password)
}

func (r *Record) passwordHash() string {
	switch v := r.GetRaw(FieldNamePassword).(type) {
	case string:
		return v
	case interface{ HashValue() string }:
		return v.HashValue()
	case *PasswordFieldValue:
		if v != nil {
			return v.Hash
		}
	}
	return ""
}

// FindAuthRecordByEmail finds an auth record by email (case-insensitive).
func (app *App) FindAuthRecordByEmail(collectionModelOrIdentifier any, email string) (*Record, error) {
	c, err := app.resolveCollection(collectionModelOrIdentifier)
	if err != nil {
		return nil, err
	}
	if !c.IsAuth() {
		return nil, errors.New("not an auth collection")
	}
	list, err := app.fetchRecords(c, app.RecordQuery(c).
		AndWhere(dbx.NewExp("LOWER([["+c.Name+".email]]) = {:email}", dbx.Params{"email": strings.ToLower(email)})).Limit(1))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sql.ErrNoRows
	}
	return list[0], nil
}
