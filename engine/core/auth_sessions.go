package core

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/tools/hook"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/pocketbase/dbx"
)

// Auth methods as recorded in _mfas.method and passed to RecordAuthResponse.
const (
	MFAMethodPassword = "password"
	MFAMethodOAuth2   = "oauth2"
	MFAMethodOTP      = "otp"
)

// System cron jobs that drop expired OTP and MFA sessions.
const (
	CronIdOTPCleanup = "__pbOTPCleanup__"
	CronIdMFACleanup = "__pbMFACleanup__"
)

// RecordExpired reports whether a system record (_otps, _mfas) was created
// more than maxAge ago.
func RecordExpired(r *Record, maxAge time.Duration) bool {
	return time.Since(r.GetDateTime("created").Time()) > maxAge
}

// NewOTP returns an unsaved _otps row for record; password is hashed on save.
func (app *App) NewOTP(record *Record, password string) (*OTP, error) {
	c, err := app.FindCachedCollectionByNameOrId(CollectionNameOTPs)
	if err != nil {
		return nil, err
	}
	otp := NewRecord(c)
	otp.Set("collectionRef", record.Collection().Id)
	otp.Set("recordRef", record.Id)
	otp.Set(FieldNamePassword, password)
	return &OTP{otp}, nil
}

// NewMFA returns an unsaved _mfas row for record's first factor method.
func (app *App) NewMFA(record *Record, method string) (*MFA, error) {
	c, err := app.FindCachedCollectionByNameOrId(CollectionNameMFAs)
	if err != nil {
		return nil, err
	}
	mfa := NewRecord(c)
	mfa.Set("collectionRef", record.Collection().Id)
	mfa.Set("recordRef", record.Id)
	mfa.Set("method", method)
	return &MFA{mfa}, nil
}

// FindOTPById finds an _otps row.
func (app *App) FindOTPById(id string) (*OTP, error) {
	r, err := app.FindRecordById(CollectionNameOTPs, id)
	if err != nil {
		return nil, err
	}
	return &OTP{r}, nil
}

// FindMFAById finds an _mfas row.
func (app *App) FindMFAById(id string) (*MFA, error) {
	r, err := app.FindRecordById(CollectionNameMFAs, id)
	if err != nil {
		return nil, err
	}
	return &MFA{r}, nil
}

// FindAllOTPsByRecord lists record's OTPs, newest first.
func (app *App) FindAllOTPsByRecord(record *Record) ([]*OTP, error) {
	list, err := app.findRecordRefs(CollectionNameOTPs, record)
	out := make([]*OTP, len(list))
	for i, r := range list {
		out[i] = &OTP{r}
	}
	return out, err
}

// FindAllMFAsByRecord lists record's MFA sessions, newest first.
func (app *App) FindAllMFAsByRecord(record *Record) ([]*MFA, error) {
	list, err := app.findRecordRefs(CollectionNameMFAs, record)
	out := make([]*MFA, len(list))
	for i, r := range list {
		out[i] = &MFA{r}
	}
	return out, err
}

// DeleteAllOTPsByRecord drops record's OTPs.
func (app *App) DeleteAllOTPsByRecord(record *Record) error {
	return app.deleteRecordRefs(CollectionNameOTPs, record)
}

// DeleteAllMFAsByRecord drops record's MFA sessions.
func (app *App) DeleteAllMFAsByRecord(record *Record) error {
	return app.deleteRecordRefs(CollectionNameMFAs, record)
}

// DeleteExpiredOTPs drops the OTPs older than their collection's otp.duration.
func (app *App) DeleteExpiredOTPs() error {
	return app.deleteExpiredRefs(CollectionNameOTPs, func(c *Collection) int64 {
		if c.OTP == nil {
			return DefaultOTPDuration
		}
		return c.OTP.Duration
	})
}

// DeleteExpiredMFAs drops the MFA sessions older than their collection's
// mfa.duration.
func (app *App) DeleteExpiredMFAs() error {
	return app.deleteExpiredRefs(CollectionNameMFAs, func(c *Collection) int64 {
		if c.MFA == nil {
			return DefaultMFADuration
		}
		return c.MFA.Duration
	})
}

// findRecordRefs lists the rows of a system collection (_otps, _mfas,
// _authOrigins, _externalAuths) that point at record.
func (app *App) findRecordRefs(collection string, record *Record) ([]*Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	return app.FindRecordsByQuery(c, app.RecordQuery(c).
		AndWhere(dbx.HashExp{c.Name + ".collectionRef": record.Collection().Id, c.Name + ".recordRef": record.Id}).
		OrderBy(c.Name+".created DESC"))
}

func (app *App) deleteRecordRefs(collection string, record *Record) error {
	list, err := app.findRecordRefs(collection, record)
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range list {
		if err := app.Delete(r); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (app *App) deleteExpiredRefs(collection string, maxAge func(*Collection) int64) error {
	sys, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	auths, err := app.FindAllCollections(CollectionTypeAuth)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range auths {
		before := types.NowDateTime().Add(-time.Duration(maxAge(c)) * time.Second)
		list, err := app.FindRecordsByQuery(sys, app.RecordQuery(sys).
			AndWhere(dbx.HashExp{sys.Name + ".collectionRef": c.Id}).
			AndWhere(dbx.NewExp("[["+sys.Name+".created]] < {:before}", dbx.Params{"before": before.String()})))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, r := range list {
			if err := app.Delete(r); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// registerAuthSessionHooks adds the cleanup crons and keeps the auth system
// collections consistent with their records: a new tokenKey drops the
// record's OTPs, a new password its MFA sessions and auth origins, a new
// email rotates the tokenKey, and a deleted auth record
// takes its OTPs, MFAs, auth origins and external auths with it.
func (app *App) registerAuthSessionHooks() {
	_ = app.Cron().Add(CronIdOTPCleanup, "0 * * * *", func() {
		if err := app.DeleteExpiredOTPs(); err != nil {
			app.Logger().Warn("failed to delete expired OTPs", "error", err)
		}
	})
	_ = app.Cron().Add(CronIdMFACleanup, "0 * * * *", func() {
		if err := app.DeleteExpiredMFAs(); err != nil {
			app.Logger().Warn("failed to delete expired MFA sessions", "error", err)
		}
	})

	app.OnRecordUpdateExecute().Bind(&hook.Handler[*RecordEvent]{
		Priority: 99,
		Func: func(e *RecordEvent) error {
			c := e.Record.Collection()
			if c == nil || !c.IsAuth() {
				return e.Next()
			}
			// a new email (as a new password) ends the sessions issued before
			original := e.Record.Original()
			if original.TokenKey() == e.Record.TokenKey() && !strings.EqualFold(original.Email(), e.Record.Email()) {
				e.Record.RefreshTokenKey()
			}
			// compared with what was stored: after Next the record counts as saved
			keyChanged := original.TokenKey() != e.Record.TokenKey()
			passwordChanged := original.passwordHash() != e.Record.passwordHash()
			if err := e.Next(); err != nil {
				return err
			}
			if keyChanged {
				if err := e.App.DeleteAllOTPsByRecord(e.Record); err != nil {
					return fmt.Errorf("delete the OTPs of %s/%s: %w", c.Name, e.Record.Id, err)
				}
			}
			if passwordChanged {
				if err := e.App.DeleteAllMFAsByRecord(e.Record); err != nil {
					return fmt.Errorf("delete the MFA sessions of %s/%s: %w", c.Name, e.Record.Id, err)
				}
				if err := e.App.deleteRecordRefs(CollectionNameAuthOrigins, e.Record); err != nil {
					return fmt.Errorf("delete the auth origins of %s/%s: %w", c.Name, e.Record.Id, err)
				}
			}
			return nil
		},
	})

	app.OnRecordDeleteExecute().Bind(&hook.Handler[*RecordEvent]{
		Priority: 99,
		Func: func(e *RecordEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			c := e.Record.Collection()
			if c == nil || !c.IsAuth() {
				return nil
			}
			for _, sys := range []string{CollectionNameOTPs, CollectionNameMFAs, CollectionNameAuthOrigins, CollectionNameExternalAuths} {
				if err := e.App.deleteRecordRefs(sys, e.Record); err != nil {
					return fmt.Errorf("delete the %s of %s/%s: %w", sys, c.Name, e.Record.Id, err)
				}
			}
			return nil
		},
	})
}

// NewAuthOrigin returns an unsaved _authOrigins row: a device (fingerprint)
// record has logged in from.
func (app *App) NewAuthOrigin(record *Record, fingerprint string) (*Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(CollectionNameAuthOrigins)
	if err != nil {
		return nil, err
	}
	o := NewRecord(c)
	o.Set("collectionRef", record.Collection().Id)
	o.Set("recordRef", record.Id)
	o.Set("fingerprint", fingerprint)
	return o, nil
}

// FindAllAuthOriginsByRecord lists the devices record logged in from, the
// most recently used first.
func (app *App) FindAllAuthOriginsByRecord(record *Record) ([]*Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(CollectionNameAuthOrigins)
	if err != nil {
		return nil, err
	}
	return app.FindRecordsByQuery(c, app.RecordQuery(c).
		AndWhere(dbx.HashExp{c.Name + ".collectionRef": record.Collection().Id, c.Name + ".recordRef": record.Id}).
		OrderBy(c.Name+".updated DESC", c.Name+".created DESC"))
}

// DeleteAllAuthOriginsByRecord forgets every device of record.
func (app *App) DeleteAllAuthOriginsByRecord(record *Record) error {
	return app.deleteRecordRefs(CollectionNameAuthOrigins, record)
}

// NewExternalAuth returns an unsaved _externalAuths row linking record to
// a provider's user id.
func (app *App) NewExternalAuth(record *Record, provider, providerId string) (*Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(CollectionNameExternalAuths)
	if err != nil {
		return nil, err
	}
	ea := NewRecord(c)
	ea.Set("collectionRef", record.Collection().Id)
	ea.Set("recordRef", record.Id)
	ea.Set("provider", provider)
	ea.Set("providerId", providerId)
	return ea, nil
}

// FindExternalAuth finds the link of a provider's user id in a collection.
func (app *App) FindExternalAuth(collectionId, provider, providerId string) (*Record, error) {
	c, err := app.FindCachedCollectionByNameOrId(CollectionNameExternalAuths)
	if err != nil {
		return nil, err
	}
	list, err := app.FindRecordsByQuery(c, app.RecordQuery(c).AndWhere(dbx.HashExp{
		c.Name + ".collectionRef": collectionId, c.Name + ".provider": provider, c.Name + ".providerId": providerId,
	}).Limit(1))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sql.ErrNoRows
	}
	return list[0], nil
}

// FindAllExternalAuthsByRecord lists record's provider links.
func (app *App) FindAllExternalAuthsByRecord(record *Record) ([]*Record, error) {
	return app.findRecordRefs(CollectionNameExternalAuths, record)
}

// DeleteAllExternalAuthsByRecord unlinks record from every provider.
func (app *App) DeleteAllExternalAuthsByRecord(record *Record) error {
	return app.deleteRecordRefs(CollectionNameExternalAuths, record)
}
