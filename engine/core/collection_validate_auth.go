package core

import (
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// checkAuthMethodOptions validates the otp, mfa and oauth2 options of an
// auth collection as PocketBase does (errors keyed "otp", "mfa", "oauth2").
func (app *App) checkAuthMethodOptions(c *Collection, errs validation.Errors) {
	if !c.IsAuth() {
		return
	}
	between := func(v, min, max int64) *validation.Error {
		if v < min || v > max {
			return validation.NewError("validation_out_of_range", "Must be between the allowed limits.").
				SetParams(map[string]any{"min": min, "max": max})
		}
		return nil
	}
	if o := c.OTP; o != nil {
		e := validation.Errors{}
		if o.Enabled {
			if err := between(o.Duration, 10, 86400); err != nil {
				e["duration"] = err
			}
			if o.Length < 4 {
				e["length"] = validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 4.").
					SetParams(map[string]any{"threshold": 4})
			}
		}
		if t := checkEmailTemplate(o.EmailTemplate); t != nil {
			e["emailTemplate"] = t
		}
		if err := e.Filter(); err != nil {
			errs["otp"] = err
		}
	}
	if m := c.MFA; m != nil && m.Enabled {
		e := validation.Errors{}
		methods := 0
		if c.PasswordAuth != nil && c.PasswordAuth.Enabled {
			methods++
		}
		if c.OAuth2 != nil && c.OAuth2.Enabled {
			methods++
		}
		if c.OTP != nil && c.OTP.Enabled {
			methods++
		}
		if methods < 2 {
			e["enabled"] = validation.NewError("validation_mfa_not_enough_auths", "MFA requires at least 2 auth methods to be enabled.")
		}
		if err := between(m.Duration, 10, 86400); err != nil {
			e["duration"] = err
		}
		if m.Rule != "" {
			r := NewRecordFieldResolver(app, c, &RequestInfo{Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}, true)
			if _, err := search.FilterData(m.Rule).BuildExpr(r); err != nil {
				e["rule"] = validation.NewError("validation_invalid_rule", "Invalid rule. Raw error: "+err.Error())
			}
		}
		if err := e.Filter(); err != nil {
			errs["mfa"] = err
		}
	}
	if a := c.AuthAlert; a != nil {
		if t := checkEmailTemplate(a.EmailTemplate); t != nil {
			errs["authAlert"] = validation.Errors{"emailTemplate": t}
		}
	}
	if err := app.checkOAuth2Options(c); err != nil {
		errs["oauth2"] = err
	}
}

// checkEmailTemplate requires a subject and a body.
func checkEmailTemplate(t EmailTemplate) error {
	e := validation.Errors{}
	if t.Subject == "" {
		e["subject"] = validation.Required()
	}
	if t.Body == "" {
		e["body"] = validation.Required()
	}
	return e.Filter()
}
