package mailer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// DefaultSendmailPaths are tried in order by the sendmail fallback.
var DefaultSendmailPaths = []string{"/usr/sbin/sendmail", "/usr/bin/sendmail", "/usr/lib/sendmail"}

// DefaultTimeout bounds one send when the transport sets no Timeout.
const DefaultTimeout = 30 * time.Second

// ErrSendmailNotFound is returned when no local sendmail binary exists.
var ErrSendmailNotFound = errors.New("no local sendmail binary found (enable SMTP in the settings to send emails)")

// Sendmail pipes messages to the local `sendmail -i -t` (PocketBase's
// flags: dots are not special, recipients come from the headers), the fallback
// used when SMTP is not enabled.
type Sendmail struct {
	// Path overrides the binary; empty searches DefaultSendmailPaths and $PATH.
	Path    string
	Timeout time.Duration
}

// Send implements Mailer.
func (m *Sendmail) Send(message *Message) error {
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
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var in bytes.Buffer
	if _, err := msg.WriteTo(&in); err != nil {
		return fmt.Errorf("sendmail: build message: %w", err)
	}
	cmd := exec.CommandContext(ctx, path, "-i", "-t")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("sendmail: %w: %s", err, strings.TrimSpace(stderr.String()))
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
