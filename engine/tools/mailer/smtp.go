package mailer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPClient sends messages through an SMTP server.
type SMTPClient struct {
	Host       string
	Port       int
	Username   string
	Password   string
	AuthMethod string // "PLAIN" (default) or "LOGIN"
	// TLS connects with implicit TLS; otherwise STARTTLS is used when the
	// server offers it.
	TLS       bool
	LocalName string
	Timeout   time.Duration
}

// Send implements Mailer.
func (m *SMTPClient) Send(message *Message) error {
	msg, err := buildMailMsg(message)
	if err != nil {
		return err
	}
	opts := []gomail.Option{gomail.WithPort(m.Port)}
	if m.Timeout > 0 {
		opts = append(opts, gomail.WithTimeout(m.Timeout))
	}
	if m.TLS {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if m.LocalName != "" {
		opts = append(opts, gomail.WithHELO(m.LocalName))
	}
	if m.Username != "" || m.Password != "" {
		auth := gomail.SMTPAuthPlain
		if strings.EqualFold(m.AuthMethod, "LOGIN") {
			auth = gomail.SMTPAuthLogin
		}
		opts = append(opts, gomail.WithSMTPAuth(auth), gomail.WithUsername(m.Username), gomail.WithPassword(m.Password))
	}
	client, err := gomail.NewClient(m.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp send: %w", err)
	}
	return nil
}

// buildMailMsg converts a Message into a MIME message (HTML with a
// plain text alternative, attachments and extra headers).
func buildMailMsg(message *Message) (*gomail.Msg, error) {
	if message == nil {
		return nil, errors.New("nil mail message")
	}
	if len(message.To) == 0 && len(message.Cc) == 0 && len(message.Bcc) == 0 {
		return nil, errors.New("the mail message has no recipients")
	}
	msg := gomail.NewMsg()
	from := message.From
	msg.FromMailAddress(&from)
	msg.ToMailAddress(addrPtrs(message.To)...)
	if len(message.Cc) > 0 {
		msg.CcMailAddress(addrPtrs(message.Cc)...)
	}
	if len(message.Bcc) > 0 {
		msg.BccMailAddress(addrPtrs(message.Bcc)...)
	}
	msg.Subject(message.Subject)
	msg.SetDate()
	msg.SetMessageID()
	for k, v := range message.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}

	text := message.Text
	if text == "" && message.HTML != "" {
		// as PocketBase: clients without HTML (and scripts) get a text part
		if plain, err := htmlToText(message.HTML); err == nil {
			text = plain
		}
	}
	switch {
	case message.HTML != "" && text != "":
		msg.SetBodyString(gomail.TypeTextPlain, text, bodyEncoding(text))
		msg.AddAlternativeString(gomail.TypeTextHTML, message.HTML, bodyEncoding(message.HTML))
	case message.HTML != "":
		msg.SetBodyString(gomail.TypeTextHTML, message.HTML, bodyEncoding(message.HTML))
	default:
		msg.SetBodyString(gomail.TypeTextPlain, text, bodyEncoding(text))
	}
	for name, r := range message.Attachments {
		if err := msg.AttachReader(name, readerOrEmpty(r)); err != nil {
			return nil, fmt.Errorf("attach %s: %w", name, err)
		}
	}
	for name, r := range message.InlineAttachments {
		if err := msg.EmbedReader(name, readerOrEmpty(r)); err != nil {
			return nil, fmt.Errorf("embed %s: %w", name, err)
		}
	}
	return msg, nil
}

func addrPtrs(list []mail.Address) []*mail.Address {
	out := make([]*mail.Address, len(list))
	for i := range list {
		a := list[i]
		out[i] = &a
	}
	return out
}

func readerOrEmpty(r io.Reader) io.Reader {
	if r == nil {
		return strings.NewReader("")
	}
	return r
}

// maxMailLine is SMTP's line limit without the CRLF (RFC 5321 4.5.3.1.6).
const maxMailLine = 998

// bodyEncoding sends a text part as 8bit when every line fits SMTP's limit,
// so that links and tokens travel on one line, as the people and scripts
// reading raw mail expect (quoted-printable breaks them every 76
// characters); longer lines need quoted-printable.
func bodyEncoding(body string) gomail.PartOption {
	for _, line := range strings.Split(body, "\n") {
		if len(strings.TrimSuffix(line, "\r")) > maxMailLine {
			return gomail.WithPartEncoding(gomail.EncodingQP)
		}
	}
	return gomail.WithPartEncoding(gomail.NoEncoding)
}
