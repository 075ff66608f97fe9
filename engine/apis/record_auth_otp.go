package apis

import (
	"database/sql"
	"errors"
	"net/http"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// OTP limits as PocketBase sets them: at most maxRecentOTPs live codes per
// record (later requests get the newest one again, without a new mail), and
// otpAttemptRule wrong guesses per record and client before a 429.
const maxRecentOTPs = 10

var otpAttemptRule = core.RateLimitRule{Label: "@pb_otp_", MaxRequests: 5, Duration: 180}

// otpAttempts counts auth-with-otp attempts per record and IP.
var otpAttempts = newRateLimiter()

const (
	msgOTPDisabled = "The collection is not configured to allow OTP authentication."
	msgOTPInvalid  = "Invalid or expired OTP"
)

func recordRequestOTP(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	if collection.OTP == nil || !collection.OTP.Enabled {
		return router.NewForbiddenError(msgOTPDisabled, nil)
	}
	var body struct {
		Email string `json:"email"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	errs := requiredEmail(body.Email)
	if len(body.Email) > 255 {
		errs["email"] = validation.NewError("validation_length_out_of_range", "The length must be between 1 and 255.")
	}
	if err := validationFailed(errs); err != nil {
		return err
	}
	record, err := e.App.FindAuthRecordByEmail(collection, body.Email)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}

	event := &core.RecordCreateOTPRequestEvent{
		RequestEvent: *e,
		Record:       record,
		Password:     security.RandomStringWithAlphabet(collection.OTP.Length, "0123456789"),
	}
	event.Collection = collection
	return e.App.OnRecordRequestOTPRequest().Trigger(event, func(ev *core.RecordCreateOTPRequestEvent) error {
		if ev.Record == nil {
			// the same answer as for a real account, so that the route
			// does not tell which emails exist; nothing is stored or sent
			e.App.Logger().Debug("request-otp for an unknown email", "collection", collection.Name)
			return ev.JSON(http.StatusOK, map[string]string{"otpId": security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789")})
		}
		otpId, err := reuseRecentOTP(ev.App, ev.Record, collection)
		if err != nil {
			return err
		}
		if otpId == "" {
			otp, err := ev.App.NewOTP(ev.Record, ev.Password)
			if err != nil {
				return err
			}
			if err := ev.App.Save(otp); err != nil {
				return err
			}
			otpId = otp.Id
			app, rec, pass := ev.App, ev.Record.Clone(), ev.Password
			// sent in the background: the answer time must not depend on
			// the mail server, nor reveal that the account exists
			sendInBackground(app, "OTP", func() error {
				err := app.SendRecordOTP(rec, otpId, pass)
				if err != nil {
					if stale, findErr := app.FindOTPById(otpId); findErr == nil {
						_ = app.Delete(stale)
					}
				}
				return err
			})
		}
		return ev.JSON(http.StatusOK, map[string]string{"otpId": otpId})
	})
}

// reuseRecentOTP returns the id of record's newest OTP when it already has
// maxRecentOTPs live ones (outside --dev), so that a flood of requests
// cannot create rows and mails without bound; "" means a new one is due.
func reuseRecentOTP(app *core.App, record *core.Record, c *core.Collection) (string, error) {
	if app.IsDev() {
		return "", nil
	}
	otps, err := app.FindAllOTPsByRecord(record)
	if err != nil {
		return "", err
	}
	live := 0
	for _, otp := range otps {
		if !otp.HasExpired(durationSeconds(c.OTP.Duration)) {
			live++
		}
	}
	if live >= maxRecentOTPs {
		app.Logger().Warn("too many OTP requests: the newest OTP is reused", "recordId", record.Id)
		return otps[0].Id, nil
	}
	return "", nil
}

func recordAuthWithOTP(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	if collection.OTP == nil || !collection.OTP.Enabled {
		return router.NewForbiddenError(msgOTPDisabled, nil)
	}
	var body struct {
		OTPId    string `json:"otpId"`
		Password string `json:"password"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	errs := validation.Errors{}
	if body.OTPId == "" {
		errs["otpId"] = validation.Required()
	} else if len(body.OTPId) > 255 {
		errs["otpId"] = validation.NewError("validation_length_out_of_range", "The length must be between 1 and 255.")
	}
	if body.Password == "" {
		errs["password"] = validation.Required()
	} else if len(body.Password) > 71 {
		errs["password"] = validation.NewError("validation_length_out_of_range", "The length must be between 1 and 71.")
	}
	if err := validationFailed(errs); err != nil {
		return err
	}
	setRequestContext(e, core.RequestContextOTP)

	// every failure below is the same generic 400, so that OTP ids cannot
	// be probed
	otp, err := e.App.FindOTPById(body.OTPId)
	if err != nil || otp.CollectionRef() != collection.Id || otp.HasExpired(durationSeconds(collection.OTP.Duration)) {
		return router.NewBadRequestError(msgOTPInvalid, nil)
	}
	record, err := e.App.FindRecordById(collection, otp.RecordRef())
	if err != nil {
		return router.NewBadRequestError(msgOTPInvalid, nil)
	}
	// codes are short digit strings: a few guesses per record, then 429
	if !otpAttempts.allow(e.RealIP()+"\x00"+record.Id, otpAttemptRule) {
		return router.NewTooManyRequestsError("Too many attempts, please try again later with a new OTP.", nil)
	}
	if !otp.ValidatePassword(body.Password) {
		return router.NewBadRequestError(msgOTPInvalid, nil)
	}

	event := &core.RecordAuthWithOTPRequestEvent{RequestEvent: *e, Record: record, OTP: otp}
	event.Collection = collection
	return e.App.OnRecordAuthWithOTPRequest().Trigger(event, func(ev *core.RecordAuthWithOTPRequestEvent) error {
		sentTo := ev.OTP.SentTo()
		// single use, whatever the outcome of the login below
		if err := ev.App.Delete(ev.OTP); err != nil {
			ev.App.Logger().Error("failed to delete a used OTP", "error", err, "otpId", ev.OTP.Id)
		}
		// the code reached the record's mailbox, which proves the address
		if !ev.Record.Verified() && sentTo != "" && sentTo == ev.Record.Email() {
			ev.Record.SetVerified(true)
			// as PocketBase: a password set before the address was proven
			// may be an attacker's, so an OTP-only account gets a new one
			if ev.Record.Collection().MFA == nil || !ev.Record.Collection().MFA.Enabled {
				ev.Record.SetPassword(security.RandomString(30))
			}
			if err := ev.App.Save(ev.Record); err != nil {
				ev.App.Logger().Error("failed to mark the record verified after its OTP login", "error", err, "recordId", ev.Record.Id)
			}
		}
		return RecordAuthResponse(&ev.RequestEvent, ev.Record, core.MFAMethodOTP, nil)
	})
}

// setRequestContext sets @request.context for the rules checked during
// this request (authRule, mfa.rule).
func setRequestContext(e *core.RequestEvent, context string) {
	if info, err := e.RequestInfo(); err == nil {
		info.Context = context
	}
}

// durationSeconds converts a collection option in seconds.
func durationSeconds(seconds int64) time.Duration {
	return time.Duration(seconds) * time.Second
}
