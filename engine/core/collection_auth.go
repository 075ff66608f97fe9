package core

import (
	"fmt"

	"github.com/hookbase/hookbase/engine/tools/security"
)

// Default token lifetimes in seconds.
const (
	DefaultAuthTokenDuration          = 5 * 24 * 60 * 60
	DefaultPasswordResetTokenDuration = 30 * 60
	DefaultEmailChangeTokenDuration   = 30 * 60
	DefaultVerificationTokenDuration  = 24 * 60 * 60
	DefaultFileTokenDuration          = 3 * 60
	DefaultMFADuration                = 10 * 60
	DefaultOTPDuration                = 3 * 60
	DefaultOTPLength                  = 8
)

const emailFooter = "<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>"

// Default auth email templates. Placeholders: {APP_NAME}, {APP_URL},
// {TOKEN}, {OTP}, {ALERT_INFO}, {RECORD:field}.
var (
	DefaultVerificationTemplate = EmailTemplate{
		Subject: "Verify your {APP_NAME} email",
		Body: "<p>Hello,</p>\n<p>Welcome to {APP_NAME}! Please confirm your email address with the button below.</p>\n" +
			"<p>\n  <a class=\"btn\" href=\"{APP_URL}/_/#/auth/confirm-verification/{TOKEN}\" target=\"_blank\" rel=\"noopener\">Verify</a>\n</p>\n" +
			"<p><i>If you did not sign up, you can ignore this email.</i></p>\n" + emailFooter,
	}
	DefaultResetPasswordTemplate = EmailTemplate{
		Subject: "Reset your {APP_NAME} password",
		Body: "<p>Hello,</p>\n<p>Use the button below to choose a new password.</p>\n" +
			"<p>\n  <a class=\"btn\" href=\"{APP_URL}/_/#/auth/confirm-password-reset/{TOKEN}\" target=\"_blank\" rel=\"noopener\">Reset password</a>\n</p>\n" +
			"<p><i>If you did not ask for a password reset, you can ignore this email.</i></p>\n" + emailFooter,
	}
	DefaultConfirmEmailChangeTemplate = EmailTemplate{
		Subject: "Confirm your {APP_NAME} new email address",
		Body: "<p>Hello,</p>\n<p>Use the button below to confirm your new email address.</p>\n" +
			"<p>\n  <a class=\"btn\" href=\"{APP_URL}/_/#/auth/confirm-email-change/{TOKEN}\" target=\"_blank\" rel=\"noopener\">Confirm new email</a>\n</p>\n" +
			"<p><i>If you did not ask to change your email address, you can ignore this email.</i></p>\n" + emailFooter,
	}
	DefaultOTPTemplate = EmailTemplate{
		Subject: "OTP for {APP_NAME}",
		Body: "<p>Hello,</p>\n<p>Your one-time password is: <strong>{OTP}</strong></p>\n" +
			"<p><i>If you did not ask for it, you can ignore this email.</i></p>\n" + emailFooter,
	}
	DefaultAuthAlertTemplate = EmailTemplate{
		Subject: "Login from a new location",
		Body: "<p>Hello,</p>\n<p>Your {APP_NAME} account was just used to sign in from a new location:</p>\n<p><em>{ALERT_INFO}</em></p>\n" +
			"<p><strong>If this was not you, change your {APP_NAME} password right away to sign out every other location.</strong></p>\n" +
			"<p>If it was you, nothing needs to be done.</p>\n" + emailFooter,
	}
)

func newTokenConfig(duration int64) *TokenConfig {
	return &TokenConfig{Secret: security.RandomString(50), Duration: duration}
}

func fillToken(t **TokenConfig, duration int64) {
	if *t == nil {
		*t = newTokenConfig(duration)
		return
	}
	if (*t).Secret == "" {
		(*t).Secret = security.RandomString(50)
	}
	if (*t).Duration <= 0 {
		(*t).Duration = duration
	}
}

func fillTemplate(t **EmailTemplate, def EmailTemplate) {
	if *t == nil {
		copy := def
		*t = &copy
	}
}

// initAuthDefaults adds the auth system fields, options and indexes that
// are missing (existing values are kept).
func (c *Collection) initAuthDefaults() {
	o := &c.CollectionOptions
	o.ViewQuery = ""
	if o.AuthAlert == nil {
		o.AuthAlert = &AuthAlertConfig{Enabled: true, EmailTemplate: DefaultAuthAlertTemplate}
	}
	if o.OAuth2 == nil {
		o.OAuth2 = &OAuth2Config{Providers: []OAuth2ProviderConfig{}}
	}
	if o.OAuth2.Providers == nil {
		o.OAuth2.Providers = []OAuth2ProviderConfig{}
	}
	if o.PasswordAuth == nil {
		o.PasswordAuth = &PasswordAuthConfig{Enabled: true, IdentityFields: []string{FieldNameEmail}}
	}
	if o.MFA == nil {
		o.MFA = &MFAConfig{Duration: DefaultMFADuration}
	}
	if o.OTP == nil {
		o.OTP = &OTPConfig{Duration: DefaultOTPDuration, Length: DefaultOTPLength, EmailTemplate: DefaultOTPTemplate}
	}
	fillToken(&o.AuthToken, DefaultAuthTokenDuration)
	fillToken(&o.PasswordResetToken, DefaultPasswordResetTokenDuration)
	fillToken(&o.EmailChangeToken, DefaultEmailChangeTokenDuration)
	fillToken(&o.VerificationToken, DefaultVerificationTokenDuration)
	fillToken(&o.FileToken, DefaultFileTokenDuration)
	fillTemplate(&o.VerificationTemplate, DefaultVerificationTemplate)
	fillTemplate(&o.ResetPasswordTemplate, DefaultResetPasswordTemplate)
	fillTemplate(&o.ConfirmEmailChangeTemplate, DefaultConfirmEmailChangeTemplate)

	// System auth fields, inserted after id in PocketBase's order when missing.
	pos := 1
	ensure := func(f Field) {
		if existing := c.Fields.GetByName(f.GetName()); existing != nil {
			existing.SetSystem(true)
			pos++
			return
		}
		f.SetSystem(true)
		c.Fields.AddAt(pos, f)
		pos++
	}
	ensure(&PasswordField{FieldBase: FieldBase{Name: FieldNamePassword, Hidden: true}, Required: true, Min: 8})
	ensure(&TextField{FieldBase: FieldBase{Name: FieldNameTokenKey, Hidden: true}, Required: true, Min: 30, Max: 60, AutogeneratePattern: "[a-zA-Z0-9]{50}"})
	ensure(&EmailField{FieldBase: FieldBase{Name: FieldNameEmail}, Required: true})
	ensure(&BoolField{FieldBase: FieldBase{Name: FieldNameEmailVisibility}})
	ensure(&BoolField{FieldBase: FieldBase{Name: FieldNameVerified}})

	c.ensureAuthIndexes()
}

// ensureAuthIndexes adds the unique tokenKey and email indexes.
func (c *Collection) ensureAuthIndexes() {
	want := map[string]string{
		"idx_tokenKey_" + c.Id: fmt.Sprintf("CREATE UNIQUE INDEX `idx_tokenKey_%s` ON `%s` (`tokenKey`)", c.Id, c.Name),
		"idx_email_" + c.Id:    fmt.Sprintf("CREATE UNIQUE INDEX `idx_email_%s` ON `%s` (`email`) WHERE `email` != ''", c.Id, c.Name),
	}
	for _, name := range []string{"idx_tokenKey_" + c.Id, "idx_email_" + c.Id} {
		found := false
		for _, idx := range c.Indexes {
			if ParseIndex(idx).IndexName == name {
				found = true
				break
			}
		}
		if !found {
			c.Indexes = append(c.Indexes, want[name])
		}
	}
}

// newIdField is the primary key field every non-view collection has.
func newIdField() *TextField {
	return &TextField{
		FieldBase: FieldBase{Id: DefaultFieldId(FieldTypeText, FieldNameId), Name: FieldNameId, System: true}, PrimaryKey: true,
		Required: true, Min: 15, Max: 15, Pattern: defaultRecordIdPattern, AutogeneratePattern: "[a-z0-9]{15}",
	}
}
