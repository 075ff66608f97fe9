package core

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"
)

// DefaultSendmailPaths are tried in order by the sendmail fallback.
var DefaultSendmailPaths = []string{"/usr/sbin/sendmail", "/usr/bin/sendmail", "/usr/lib/sendmail"}

// ErrSendmailNotFound is returned when no local sendmail binary exists.
var ErrSendmailNotFound = errors.New("no local sendmail binary found (enable SMTP in the settings to send emails)")

// SendmailMailer pipes messages to the local `sendmail -t`, the fallback
// used when SMTP is not enabled.
type SendmailMailer struct {
	// Path overrides the binary; empty searches DefaultSendmailPaths and $PATH.
	Path    string
	Timeout time.Duration
}

// Send implements Mailer.
func (m *SendmailMailer) Send(message *MailerMessage) error {
	path := m.Path
	if path == "" {
		path = findSendmail()
	}
	if path == "" {
		return ErrSendmailNotFound
	}
	msg, err := buildMailMsg(message)
	if err != nil {
		return err
	}
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := msg.WriteToSendmailWithContext(ctx, path, "-t", "-i"); err != nil {
		return fmt.Errorf("sendmail: %w", err)
	}
	return nil
}

func findSendmail() string {
	for _, p := range DefaultSendmailPaths {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("sendmail"); err == nil {
		return p
	}
	return ""
}
