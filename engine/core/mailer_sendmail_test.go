package core

import (
	"errors"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/mailer"
)

// fakeSendmail writes a script that stores its stdin and arguments.
func fakeSendmail(t *testing.T) (path, out string) {
	t.Helper()
	dir := t.TempDir()
	out = filepath.Join(dir, "mail.txt")
	path = filepath.Join(dir, "sendmail")
	script := "#!/bin/sh\necho \"ARGS: $*\" > " + out + "\ncat >> " + out + "\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path, out
}

func TestSendmailFallbackAndTemplates(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	app := newTestApp(t)
	path, out := fakeSendmail(t)
	oldPaths := mailer.DefaultSendmailPaths
	mailer.DefaultSendmailPaths = []string{path}
	t.Cleanup(func() { mailer.DefaultSendmailPaths = oldPaths })

	users, err := app.FindCollectionByNameOrId(CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRecord(users)
	r.Id = "abc"
	r.SetEmail("ann@example.com")
	r.RefreshTokenKey()

	var hookToken string
	sends := 0
	app.OnMailerRecordPasswordResetSend(CollectionNameUsers).BindFunc(func(e *MailerRecordEvent) error {
		hookToken, _ = e.Meta["token"].(string)
		return e.Next()
	})
	app.OnMailerSend().BindFunc(func(e *MailerEvent) error {
		sends++
		return e.Next()
	})
	if err := app.SendRecordPasswordReset(r); err != nil {
		t.Fatalf("send: %v", err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// the raw message is read as is: PocketBase's flags, its layout, and the
	// link with its token on one line (no transfer encoding splits it)
	got := string(raw)
	if !strings.HasPrefix(got, "ARGS: -i -t\n") || !strings.Contains(got, "Reset your Acme password") ||
		!strings.Contains(got, "<!DOCTYPE html") || !strings.Contains(got, "Content-Transfer-Encoding: 8bit") {
		t.Fatalf("sendmail got:\n%s", raw)
	}
	if hookToken == "" || sends != 1 {
		t.Fatalf("hooks: token %q, OnMailerSend %d", hookToken, sends)
	}
	if !strings.Contains(got, "http://localhost:8090/_/#/auth/confirm-password-reset/"+hookToken+"\"") {
		t.Errorf("the link with the hook's token is not in the raw mail:\n%s", got)
	}

	// without sendmail the mailer fails softly with a clear error
	mailer.DefaultSendmailPaths = []string{filepath.Join(t.TempDir(), "none")}
	t.Setenv("PATH", t.TempDir())
	err = app.NewMailClient().Send(&MailerMessage{To: []mail.Address{{Address: "x@example.com"}}})
	if !errors.Is(err, mailer.ErrSendmailNotFound) {
		t.Fatalf("error %v, want mailer.ErrSendmailNotFound", err)
	}
}
