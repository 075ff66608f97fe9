package apis

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/types"
)

// maxAuthOrigins is how many known devices (_authOrigins rows) a record
// keeps; the least recently used ones make room for a new one.
const maxAuthOrigins = 5

// notifyNewAuthOrigin records the device (IP + user agent fingerprint) of a
// login in _authOrigins and, when the record has logged in before from
// other devices only, mails it the auth alert (authAlert.enabled). Failures
// are logged: they must not fail the login.
func notifyNewAuthOrigin(e *core.RequestEvent, record *core.Record) {
	c := record.Collection()
	if c.AuthAlert == nil || !c.AuthAlert.Enabled {
		return
	}
	if err := trackAuthOrigin(e, record); err != nil {
		e.App.Logger().Warn("failed to record the login origin", "error", err, "recordId", record.Id)
	}
}

func trackAuthOrigin(e *core.RequestEvent, record *core.Record) error {
	ip := e.RealIP()
	agent := e.Request.UserAgent()
	if len(agent) > 200 {
		agent = agent[:200] + "..."
	}
	sum := md5.Sum([]byte(ip + agent))
	fingerprint := hex.EncodeToString(sum[:])

	app := e.App
	origins, err := app.FindAllAuthOriginsByRecord(record)
	if err != nil {
		return err
	}
	var current *core.Record
	for _, o := range origins {
		if o.GetString("fingerprint") == fingerprint {
			current = o
			break
		}
	}
	if current == nil {
		if current, err = app.NewAuthOrigin(record, fingerprint); err != nil {
			return err
		}
		// the very first login is no news; later ones from a new device are
		if len(origins) > 0 && record.Email() != "" {
			info := fmt.Sprintf("%s - %s %s", types.NowDateTime().String(), ip, agent)
			rec := record.Clone()
			sendInBackground(app, "auth alert", func() error { return app.SendRecordAuthAlert(rec, info) })
		}
		// keep the newest maxAuthOrigins-1 known devices besides this one
		for i := len(origins) - 1; i >= maxAuthOrigins-1; i-- {
			if err := app.Delete(origins[i]); err != nil {
				app.Logger().Warn("failed to delete an old auth origin", "error", err, "id", origins[i].Id)
			}
		}
	}
	// saving an existing origin refreshes its "updated" time (last use)
	return app.SaveNoValidate(current)
}
