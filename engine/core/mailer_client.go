package core

import (
	"net/mail"

	"github.com/hookbase/hookbase/engine/tools/mailer"
)

// Mailer and MailerMessage are the transports' types under the names the
// app's events, hooks and JS ($app.newMailClient(), new MailerMessage())
// have always used.
type (
	Mailer        = mailer.Mailer
	MailerMessage = mailer.Message
)

// NewMailClient returns the mailer of the current settings (SMTP when
// enabled, else the local sendmail). Every Send fires OnMailerSend, whose
// handlers may change the message or skip sending by not calling e.Next().
func (app *App) NewMailClient() Mailer {
	s := app.Settings()
	var inner Mailer
	if s.SMTP.Enabled {
		inner = newSMTPClient(s.SMTP)
	} else {
		inner = &mailer.Sendmail{}
	}
	return &appMailer{app: app, inner: inner}
}

// newSMTPClient builds the SMTP transport from settings.smtp.
func newSMTPClient(c SMTPConfig) *mailer.SMTPClient {
	return &mailer.SMTPClient{
		Host: c.Host, Port: c.Port, Username: c.Username, Password: c.Password,
		AuthMethod: c.AuthMethod, TLS: c.TLS, LocalName: c.LocalName, Timeout: mailer.DefaultTimeout,
	}
}

// appMailer wraps a transport with the OnMailerSend hook.
type appMailer struct {
	app   *App
	inner Mailer
}

// Send implements Mailer.
func (m *appMailer) Send(message *MailerMessage) error {
	event := &MailerEvent{App: m.app, Mailer: m.inner, Message: message}
	return m.app.OnMailerSend().Trigger(event, func(e *MailerEvent) error {
		if err := e.Mailer.Send(e.Message); err != nil {
			return err
		}
		return e.Next()
	})
}

// mailSender is the From address of app emails (settings.meta).
func (app *App) mailSender() mail.Address {
	meta := app.Settings().Meta
	return mail.Address{Name: meta.SenderName, Address: meta.SenderAddress}
}
