package core

import (
	"errors"
	"html"
	"net/mail"
	"slices"
	"strings"
)

// Placeholders of the auth email templates. {RECORD:field} is filled for
// every non-hidden field of the auth record.
const (
	EmailPlaceholderAppName   = "{APP_NAME}"
	EmailPlaceholderAppURL    = "{APP_URL}"
	EmailPlaceholderToken     = "{TOKEN}"
	EmailPlaceholderOTP       = "{OTP}"
	EmailPlaceholderOTPId     = "{OTP_ID}"
	EmailPlaceholderAlertInfo = "{ALERT_INFO}"
)

// rawPlaceholderFieldTypes are the field types whose {RECORD:x} values are
// not HTML-escaped (their string forms cannot carry markup).
var rawPlaceholderFieldTypes = []string{FieldTypeAutodate, FieldTypeDate, FieldTypeBool, FieldTypeNumber}

// RenderEmailTemplate fills tpl for record and wraps the body in the email
// layout. extra holds the message's own placeholders ({TOKEN}, {OTP} …)
// and wins over the defaults. As in PocketBase, {APP_NAME} and {APP_URL}
// are inserted as configured while record values are HTML-escaped (except
// dates, bools and numbers); hidden fields have no placeholder.
func (app *App) RenderEmailTemplate(tpl *EmailTemplate, record *Record, extra map[string]string) (subject, body string) {
	if tpl == nil {
		return "", ""
	}
	values := map[string]string{}
	meta := app.Settings().Meta
	values[EmailPlaceholderAppName] = meta.AppName
	values[EmailPlaceholderAppURL] = meta.AppURL
	if record != nil && record.Collection() != nil {
		for _, f := range record.Collection().Fields {
			if f.GetHidden() {
				continue
			}
			v := record.GetString(f.GetName())
			if !slices.Contains(rawPlaceholderFieldTypes, f.Type()) {
				v = html.EscapeString(v)
			}
			values["{RECORD:"+f.GetName()+"}"] = v
		}
	}
	for k, v := range extra {
		values[k] = v
	}
	pairs := make([]string, 0, 2*len(values))
	for k, v := range values {
		pairs = append(pairs, k, v)
	}
	r := strings.NewReplacer(pairs...)
	return r.Replace(tpl.Subject), wrapEmailLayout(r.Replace(tpl.Body))
}

// SendRecordVerification emails record a verification link
// (OnMailerRecordVerificationSend, then OnMailerSend).
func (app *App) SendRecordVerification(record *Record) error {
	if err := requireAuthRecord(record); err != nil {
		return err
	}
	token, err := record.NewVerificationToken()
	if err != nil {
		return err
	}
	return app.sendRecordEmail(record, record.Collection().VerificationTemplate, record.Email(),
		map[string]string{EmailPlaceholderToken: token},
		map[string]any{"token": token}, app.OnMailerRecordVerificationSend(modelTags(record)...).Trigger, nil)
}

// SendRecordPasswordReset emails record a password reset link
// (OnMailerRecordPasswordResetSend, then OnMailerSend).
func (app *App) SendRecordPasswordReset(record *Record) error {
	if err := requireAuthRecord(record); err != nil {
		return err
	}
	token, err := record.NewPasswordResetToken()
	if err != nil {
		return err
	}
	return app.sendRecordEmail(record, record.Collection().ResetPasswordTemplate, record.Email(),
		map[string]string{EmailPlaceholderToken: token},
		map[string]any{"token": token}, app.OnMailerRecordPasswordResetSend(modelTags(record)...).Trigger, nil)
}

// SendRecordChangeEmail emails newEmail a link confirming the change
// (OnMailerRecordEmailChangeSend, then OnMailerSend).
func (app *App) SendRecordChangeEmail(record *Record, newEmail string) error {
	if err := requireAuthRecord(record); err != nil {
		return err
	}
	token, err := record.NewEmailChangeToken(newEmail)
	if err != nil {
		return err
	}
	return app.sendRecordEmail(record, record.Collection().ConfirmEmailChangeTemplate, newEmail,
		map[string]string{EmailPlaceholderToken: token},
		map[string]any{"token": token, "newEmail": newEmail}, app.OnMailerRecordEmailChangeSend(modelTags(record)...).Trigger, nil)
}

// SendRecordOTP emails record its one-time password (OnMailerRecordOTPSend,
// then OnMailerSend). The OTP row remembers the first address it was sent
// to (a login with it proves that address); it is stored before the mail
// leaves, so that a reader as fast as the mail cannot beat it.
func (app *App) SendRecordOTP(record *Record, otpId, password string) error {
	if err := requireAuthRecord(record); err != nil {
		return err
	}
	var tpl *EmailTemplate
	if o := record.Collection().OTP; o != nil {
		tpl = &o.EmailTemplate
	}
	return app.sendRecordEmail(record, tpl, record.Email(),
		map[string]string{EmailPlaceholderOTPId: otpId, EmailPlaceholderOTP: password},
		map[string]any{"otpId": otpId, "password": password}, app.OnMailerRecordOTPSend(modelTags(record)...).Trigger,
		func(e *MailerRecordEvent) {
			if len(e.Message.To) == 0 || e.Message.To[0].Address == "" {
				return
			}
			otp, err := e.App.FindOTPById(otpId)
			if err != nil || otp.SentTo() != "" {
				return
			}
			otp.SetSentTo(e.Message.To[0].Address)
			if err := e.App.Save(otp); err != nil {
				e.App.Logger().Error("failed to store the OTP's sentTo address", "error", err, "otpId", otpId)
			}
		})
}

// SendRecordAuthAlert emails record that it signed in from a new location;
// info (time, IP, user agent) is escaped before it enters the HTML.
func (app *App) SendRecordAuthAlert(record *Record, info string) error {
	if err := requireAuthRecord(record); err != nil {
		return err
	}
	info = html.EscapeString(info)
	var tpl *EmailTemplate
	if a := record.Collection().AuthAlert; a != nil {
		tpl = &a.EmailTemplate
	}
	return app.sendRecordEmail(record, tpl, record.Email(),
		map[string]string{EmailPlaceholderAlertInfo: info},
		map[string]any{"info": info}, app.OnMailerRecordAuthAlertSend(modelTags(record)...).Trigger, nil)
}

type mailerRecordTrigger func(e *MailerRecordEvent, oneOff ...func(*MailerRecordEvent) error) error

func requireAuthRecord(record *Record) error {
	if record == nil || record.Collection() == nil || !record.Collection().IsAuth() {
		return errors.New("not an auth record")
	}
	return nil
}

func (app *App) sendRecordEmail(record *Record, tpl *EmailTemplate, to string, placeholders map[string]string,
	meta map[string]any, trigger mailerRecordTrigger, beforeSend func(*MailerRecordEvent)) error {
	if to == "" {
		return errors.New("the record has no email")
	}
	if tpl == nil {
		return errors.New("the collection has no such email template")
	}
	subject, body := app.RenderEmailTemplate(tpl, record, placeholders)
	event := &MailerRecordEvent{
		MailerEvent: MailerEvent{App: app, Mailer: app.NewMailClient(), Message: &MailerMessage{
			From:    app.mailSender(),
			To:      []mail.Address{{Address: to}},
			Subject: subject,
			HTML:    body,
		}},
		Record: record,
		Meta:   meta,
	}
	return trigger(event, func(e *MailerRecordEvent) error {
		// beforeSend sees the message as the hooks left it
		if beforeSend != nil {
			beforeSend(e)
		}
		if err := e.Mailer.Send(e.Message); err != nil {
			return err
		}
		return e.Next()
	})
}
