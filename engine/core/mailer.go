package core

import (
	"io"
	"net/mail"
)

// Mailer sends email messages.
type Mailer interface {
	Send(message *MailerMessage) error
}

// MailerMessage is one email.
type MailerMessage struct {
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
