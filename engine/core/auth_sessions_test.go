package core

import (
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/pocketbase/dbx"
)

func newAuthUser(t *testing.T, app *App, email string) *Record {
	t.Helper()
	users, err := app.FindCollectionByNameOrId(CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRecord(users)
	r.SetEmail(email)
	r.SetPassword("a-good-password-1")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// backdate moves a system row's created time into the past, as if it had
// been issued long ago.
func backdate(t *testing.T, app *App, table, id string, age time.Duration) {
	t.Helper()
	at := types.NowDateTime().Add(-age).String()
	if _, err := app.NonconcurrentDB().Update(table, dbx.Params{"created": at}, dbx.HashExp{"id": id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

func TestExpiredOTPsAndMFAsAreCleanedByTheirCrons(t *testing.T) {
	app := newTestApp(t)
	user := newAuthUser(t, app, "cron@example.com")
	fresh, _ := app.NewOTP(user, "123456")
	stale, _ := app.NewOTP(user, "654321")
	mfaFresh, _ := app.NewMFA(user, MFAMethodPassword)
	mfaStale, _ := app.NewMFA(user, MFAMethodPassword)
	for _, r := range []Model{fresh, stale, mfaFresh, mfaStale} {
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	backdate(t, app, CollectionNameOTPs, stale.Id, time.Duration(DefaultOTPDuration+5)*time.Second)
	backdate(t, app, CollectionNameMFAs, mfaStale.Id, time.Duration(DefaultMFADuration+5)*time.Second)

	ids := map[string]bool{}
	for _, j := range app.Cron().Jobs() {
		ids[j.Id] = true
	}
	if !ids[CronIdOTPCleanup] || !ids[CronIdMFACleanup] {
		t.Fatalf("cleanup crons missing: %v", ids)
	}
	for _, j := range app.Cron().Jobs() {
		if j.Id == CronIdOTPCleanup || j.Id == CronIdMFACleanup {
			j.Run()
		}
	}
	if _, err := app.FindOTPById(stale.Id); err == nil {
		t.Error("the expired OTP survived the cleanup")
	}
	if _, err := app.FindOTPById(fresh.Id); err != nil {
		t.Error("the live OTP was deleted")
	}
	if _, err := app.FindMFAById(mfaStale.Id); err == nil {
		t.Error("the expired MFA session survived the cleanup")
	}
	if _, err := app.FindMFAById(mfaFresh.Id); err != nil {
		t.Error("the live MFA session was deleted")
	}
}

func TestAuthRecordChangesEndItsSessions(t *testing.T) {
	app := newTestApp(t)
	user := newAuthUser(t, app, "sessions@example.com")
	otp, _ := app.NewOTP(user, "123456")
	mfa, _ := app.NewMFA(user, MFAMethodOTP)
	origin, _ := app.NewAuthOrigin(user, "fp")
	link, _ := app.NewExternalAuth(user, "oidc", "sub-1")
	for _, r := range []Model{otp, mfa, origin, link} {
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}

	// a new email rotates the tokenKey, which drops the OTPs
	key := user.TokenKey()
	user.SetEmail("sessions2@example.com")
	if err := app.Save(user); err != nil {
		t.Fatal(err)
	}
	if user.TokenKey() == key {
		t.Fatal("a new email must rotate the tokenKey")
	}
	if _, err := app.FindOTPById(otp.Id); err == nil {
		t.Error("the OTP survived the tokenKey change")
	}
	// a new password drops the MFA sessions and the known devices
	user.SetPassword("another-password-2")
	if err := app.Save(user); err != nil {
		t.Fatal(err)
	}
	if _, err := app.FindMFAById(mfa.Id); err == nil {
		t.Error("the MFA session survived the password change")
	}
	if list, _ := app.FindAllAuthOriginsByRecord(user); len(list) != 0 {
		t.Error("the auth origins survived the password change")
	}
	// deleting the record takes its provider links along
	if err := app.Delete(user); err != nil {
		t.Fatal(err)
	}
	if _, err := app.FindExternalAuth(user.Collection().Id, "oidc", "sub-1"); err == nil {
		t.Error("the external auth survived the record")
	}
}
