package apis

import (
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func bindSettingsApi(r *Router) {
	r.GET("/api/settings", settingsList)
	r.PATCH("/api/settings", settingsUpdate)
	r.POST("/api/settings/test/email", settingsTestEmail)
	r.POST("/api/settings/test/s3", settingsTestS3)
}

func settingsList(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	event := &core.SettingsListRequestEvent{RequestEvent: *e, Settings: e.App.Settings().Masked()}
	return e.App.OnSettingsListRequest().Trigger(event, func(ev *core.SettingsListRequestEvent) error {
		return ev.JSON(http.StatusOK, ev.Settings)
	})
}

func settingsUpdate(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	old, err := e.App.Settings().Clone()
	if err != nil {
		return err
	}
	// the body is merged over the current settings, so omitted secrets
	// (never shown on read) are kept
	updated, err := e.App.Settings().Clone()
	if err != nil {
		return err
	}
	if err := e.BindBody(updated); err != nil {
		return err
	}
	if err := validationFailed(validateSettings(updated)); err != nil {
		return err
	}
	event := &core.SettingsUpdateRequestEvent{RequestEvent: *e, OldSettings: old, NewSettings: updated}
	return e.App.OnSettingsUpdateRequest().Trigger(event, func(ev *core.SettingsUpdateRequestEvent) error {
		if err := validationFailed(validateSettings(ev.NewSettings)); err != nil {
			return err
		}
		if err := ev.App.SaveSettings(ev.NewSettings); err != nil {
			return router.NewBadRequestError("Failed to save the settings.", err)
		}
		if err := ev.App.ReloadSettings(); err != nil {
			return err
		}
		return ev.JSON(http.StatusOK, ev.App.Settings().Masked())
	})
}

// validateSettings checks the settings as PocketBase's form does (nested
// errors keyed by section and field).
func validateSettings(s *core.Settings) validation.Errors {
	errs := validation.Errors{}

	meta := validation.Errors{}
	requireString(meta, "appName", s.Meta.AppName, 255)
	if s.Meta.AppURL == "" {
		meta["appURL"] = validation.Required()
	} else if !isHTTPURL(s.Meta.AppURL) {
		meta["appURL"] = validation.NewError("validation_is_url", "Must be a valid URL.")
	}
	requireString(meta, "senderName", s.Meta.SenderName, 255)
	if s.Meta.SenderAddress == "" {
		meta["senderAddress"] = validation.Required()
	} else if !isEmail(s.Meta.SenderAddress) {
		meta["senderAddress"] = validation.NewError("validation_is_email", "Must be a valid email address.")
	}
	errs["meta"] = meta

	smtp := validation.Errors{}
	if s.SMTP.Enabled {
		requireString(smtp, "host", s.SMTP.Host, 0)
		if s.SMTP.Port <= 0 {
			smtp["port"] = validation.Required()
		}
	}
	if s.SMTP.Port < 0 || s.SMTP.Port > 65535 {
		smtp["port"] = validation.NewError("validation_invalid_port", "Must be a valid port number.")
	}
	if m := strings.ToUpper(s.SMTP.AuthMethod); m != "" && m != "PLAIN" && m != "LOGIN" {
		smtp["authMethod"] = validation.NewError("validation_in_invalid", "Must be a valid value.")
	}
	errs["smtp"] = smtp

	errs["s3"] = validateS3(s.S3)
	backups := validation.Errors{"s3": validateS3(s.Backups.S3)}
	if s.Backups.CronMaxKeep < 1 && s.Backups.Cron != "" {
		backups["cronMaxKeep"] = validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 1.").SetParams(map[string]any{"threshold": 1})
	}
	errs["backups"] = backups

	batch := validation.Errors{}
	if s.Batch.Enabled {
		if s.Batch.MaxRequests <= 0 {
			batch["maxRequests"] = validation.Required()
		}
		if s.Batch.Timeout <= 0 {
			batch["timeout"] = validation.Required()
		}
	}
	if s.Batch.MaxBodySize < 0 {
		batch["maxBodySize"] = validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 0.").SetParams(map[string]any{"threshold": 0})
	}
	errs["batch"] = batch

	logs := validation.Errors{}
	if s.Logs.MaxDays < 0 {
		logs["maxDays"] = validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 0.").SetParams(map[string]any{"threshold": 0})
	}
	if s.Logs.MaxDataSize < 0 {
		logs["maxDataSize"] = validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 0.").SetParams(map[string]any{"threshold": 0})
	}
	errs["logs"] = logs

	errs["rateLimits"] = validateRateLimits(s.RateLimits)
	return errs
}

func validateS3(c core.S3Config) validation.Errors {
	errs := validation.Errors{}
	if !c.Enabled {
		return errs
	}
	requireString(errs, "bucket", c.Bucket, 0)
	requireString(errs, "region", c.Region, 0)
	requireString(errs, "accessKey", c.AccessKey, 0)
	requireString(errs, "secret", c.Secret, 0)
	if c.Endpoint == "" {
		errs["endpoint"] = validation.Required()
	} else if !isHTTPURL(c.Endpoint) {
		errs["endpoint"] = validation.NewError("validation_is_url", "Must be a valid URL.")
	}
	return errs
}

func validateRateLimits(c core.RateLimitsConfig) validation.Errors {
	errs := validation.Errors{}
	rules := validation.Errors{}
	seen := map[string]bool{}
	for i, rule := range c.Rules {
		item := validation.Errors{}
		if strings.TrimSpace(rule.Label) == "" {
			item["label"] = validation.Required()
		} else if key := rule.Label + "|" + rule.Audience; seen[key] {
			item["label"] = validation.NewError("validation_duplicated_rate_limit_tag", "Rate limit tag with label "+rule.Label+" already exists.")
		} else {
			seen[key] = true
		}
		if rule.MaxRequests <= 0 {
			item["maxRequests"] = validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 1.").SetParams(map[string]any{"threshold": 1})
		}
		if rule.Duration <= 0 {
			item["duration"] = validation.NewError("validation_min_greater_equal_than_required", "Must be no less than 1.").SetParams(map[string]any{"threshold": 1})
		}
		switch rule.Audience {
		case "", RateLimitAudienceGuest, RateLimitAudienceAuth:
		default:
			item["audience"] = validation.NewError("validation_in_invalid", "Must be a valid value.")
		}
		rules[strconv.Itoa(i)] = item
	}
	errs["rules"] = rules
	return errs
}

func requireString(errs validation.Errors, key, value string, max int) {
	if strings.TrimSpace(value) == "" {
		errs[key] = validation.Required()
	} else if max > 0 && len([]rune(value)) > max {
		errs[key] = validation.NewError("validation_length_out_of_range", "The length must be between 1 and "+strconv.Itoa(max)+".").
			SetParams(map[string]any{"min": 1, "max": max})
	}
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s
}

// settingsTestEmail sends a test auth email of a template to an address.
func settingsTestEmail(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	var body struct {
		Collection string `json:"collection"`
		Email      string `json:"email"`
		Template   string `json:"template"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	if body.Collection == "" {
		body.Collection = core.CollectionNameSuperusers
	}
	errs := requiredEmail(body.Email)
	switch body.Template {
	case "verification", "password-reset", "email-change", "otp", "login-alert":
	case "":
		errs["template"] = validation.Required()
	default:
		errs["template"] = validation.NewError("validation_in_invalid", "Must be a valid value.")
	}
	collection, err := e.App.FindCachedCollectionByNameOrId(body.Collection)
	if err != nil || !collection.IsAuth() {
		errs["collection"] = validation.NewError("validation_invalid_auth_collection", "Must be a valid auth collection id or name.")
	}
	if err := errs.Filter(); err != nil {
		return router.NewBadRequestError("Failed to send the test email.", err)
	}

	// a throwaway record only carries the address and signs the token
	// (as PocketBase, its visible fields hold recognisable dummy values)
	record := core.NewRecord(collection)
	for _, f := range collection.Fields {
		if !f.GetHidden() {
			record.Set(f.GetName(), "__pb_test_"+f.GetName()+"__")
		}
	}
	record.Id = "__hb_test_email__"
	record.SetEmail(body.Email)
	record.RefreshTokenKey()
	switch body.Template {
	case "verification":
		err = e.App.SendRecordVerification(record)
	case "password-reset":
		err = e.App.SendRecordPasswordReset(record)
	case "otp":
		err = e.App.SendRecordOTP(record, "_PB_TEST_OTP_ID_", "123456")
	case "login-alert":
		err = e.App.SendRecordAuthAlert(record, types.NowDateTime().String()+" - TEST_IP TEST_USER_AGENT")
	default:
		err = e.App.SendRecordChangeEmail(record, body.Email)
	}
	if err != nil {
		e.App.Logger().Error("failed to send the test email", "error", err)
		return router.NewBadRequestError("Failed to send the test email.", nil)
	}
	return e.NoContent(http.StatusNoContent)
}
