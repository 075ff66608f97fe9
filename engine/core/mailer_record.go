package core

import (
	"errors"
	"html"
	"net/mail"
	"regexp"
	"strings"
)

// Placeholders of the auth email templates.
const (
	EmailPlaceholderAppName = "{APP_NAME}"
	EmailPlaceholderAppURL  = "{APP_URL}"
	EmailPlaceholderToken   = "{TOKEN}"
)

var recordPlaceholder = regexp.MustCompile(`\{RECORD:(\w+)\}`)

// RenderEmailTemplate fills a collection email template for record; values
// put into the HTML body are escaped, the subject is plain text.
func (app *App) RenderEmailTemplate(tpl *EmailTemplate, record *Record, token string) (subject, body string) {
	if tpl == nil {
		return "", ""
	}
	meta := app.Settings().Meta
	fill := func(s string, escape func(string) string) string {
		s = strings.NewReplacer(
			EmailPlaceholderAppName, escape(meta.AppName),
			EmailPlaceholderAppURL, escape(strings.TrimRight(meta.AppURL, "/")),
			EmailPlaceholderToken, escape(token),
		).Replace(s)
		return recordPlaceholder.ReplaceAllStringFunc(s, func(m string) string {
			field := recordPlaceholder.FindStringSubmatch(m)[1]
			if record == nil || field == FieldNamePassword || field == FieldNameTokenKey {
				return ""
			}
			return escape(record.GetString(field))
		})
	}
	plain := func(s string) string { return s }
	return fill(tpl.Subject, plain), fill(tpl.Body, html.EscapeString)
}

// SendRecordVerification emails record a verification link
// (OnMailerRecordVerificationSend, then OnMailerSend).
func (app *App) SendRecordVerification(record *Record) error {
	token, err := record.NewVerificationToken()
	if err != nil {
		return err
	}
	c := record.Collection()
	return app.sendRecordEmail(record, c.VerificationTemplate, record.Email(), token,
		map[string]any{"token": token}, app.OnMailerRecordVerificationSend(modelTags(record)...).Trigger)
}

// SendRecordPasswordReset emails record a password reset link
// (OnMailerRecordPasswordResetSend, then OnMailerSend).
func (app *App) SendRecordPasswordReset(record *Record) error {
	token, err := record.NewPasswordResetToken()
	if err != nil {
		return err
	}
	c := record.Collection()
	return app.sendRecordEmail(record, c.ResetPasswordTemplate, record.Email(), token,
		map[string]any{"token": token}, app.OnMailerRecordPasswordResetSend(modelTags(record)...).Trigger)
}

// SendRecordChangeEmail emails newEmail a link confirming the change
// (OnMailerRecordEmailChangeSend, then OnMailerSend).
func (app *App) SendRecordChangeEmail(record *Record, newEmail string) error {
	token, err := record.NewEmailChangeToken(newEmail)
	if err != nil {
		return err
	}
	c := record.Collection()
	return app.sendRecordEmail(record, c.ConfirmEmailChangeTemplate, newEmail, token,
		map[string]any{"token": token, "newEmail": newEmail}, app.OnMailerRecordEmailChangeSend(modelTags(record)...).Trigger)
}

type mailerRecordTrigger func(e *MailerRecordEvent, oneOff ...func(*MailerRecordEvent) error) error

func (app *App) sendRecordEmail(record *Record, tpl *EmailTemplate, to, token string, meta map[string]any, trigger mailerRecordTrigger) error {
	if record == nil || record.Collection() == nil || !record.Collection().IsAuth() {
		return errors.New("not an auth record")
	}
	if to == "" {
		return errors.New("the record has no email")
	}
	subject, body := app.RenderEmailTemplate(tpl, record, token)
	client := app.NewMailClient()
	event := &MailerRecordEvent{
		MailerEvent: MailerEvent{App: app, Mailer: client, Message: &MailerMessage{
			From:    app.mailSender(),
			To:      []mail.Address{{Address: to}},
			Subject: subject,
			HTML:    body,
		}},
		Record: record,
		Meta:   meta,
	}
	return trigger(event, func(e *MailerRecordEvent) error {
		if err := e.Mailer.Send(e.Message); err != nil {
			return err
		}
		return e.Next()
	})
}
