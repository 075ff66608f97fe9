// Package mailer sends email: an SMTP client and the local sendmail
// fallback behind one interface. It knows nothing of the app; core builds
// the transport from its settings and wraps it with the OnMailerSend hook.
package mailer

import (
	"io"
	"net/mail"
)

// Mailer sends email messages.
type Mailer interface {
	Send(message *Message) error
}

// Message is one email.
type Message struct {
	From              mail.Address         `json:"from"`
	To                []mail.Address       `json:"to"`
	Bcc               []mail.Address       `json:"bcc"`
	Cc                []mail.Address       `json:"cc"`
	Subject           string               `json:"subject"`
	HTML              string               `json:"html"`
	Text              string               `json:"text"`
	Headers           map[string]string    `json:"headers"`
	Attachments       map[string]io.Reader `json:"attachments"`
	InlineAttachments map[string]io.Reader `json:"inlineAttachments"`
}
