package apis

import (
	"sync"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

// MailResendInterval is how long after a verification or password reset
// mail another request for the same record sends nothing (PocketBase waits
// 2 minutes). The answer stays 204, so it tells nothing about the account.
var MailResendInterval = 2 * time.Minute

var mailThrottleMu sync.Mutex

func mailThrottleKey(kind string, record *core.Record) string {
	return "@hbMailThrottle_" + kind + "_" + record.Collection().Id + "_" + record.Id
}

// claimMailSlot reports whether a kind of mail may go to record now and,
// if so, starts its resend interval. Check and claim happen under one lock
// so that concurrent requests cannot both send.
func claimMailSlot(app *core.App, kind string, record *core.Record) bool {
	mailThrottleMu.Lock()
	defer mailThrottleMu.Unlock()
	key := mailThrottleKey(kind, record)
	if until, ok := app.Store().Get(key).(time.Time); ok && time.Now().Before(until) {
		return false
	}
	until := time.Now().Add(MailResendInterval)
	app.Store().Set(key, until)
	// forget the slot once it is over, so the store does not grow per record
	time.AfterFunc(MailResendInterval, func() {
		mailThrottleMu.Lock()
		defer mailThrottleMu.Unlock()
		if v, ok := app.Store().Get(key).(time.Time); ok && v.Equal(until) {
			app.Store().Remove(key)
		}
	})
	return true
}

// releaseMailSlot ends the resend interval early (the link was used).
func releaseMailSlot(app *core.App, kind string, record *core.Record) {
	mailThrottleMu.Lock()
	defer mailThrottleMu.Unlock()
	app.Store().Remove(mailThrottleKey(kind, record))
}
