package mailer

import (
	"errors"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recordingSendmail writes a real executable that stores its arguments and
// the message it reads on stdin, as the system sendmail would receive it.
func recordingSendmail(t *testing.T) (path, out string) {
	t.Helper()
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Fatalf("the sendmail tests need /bin/sh: %v", err)
	}
	dir := t.TempDir()
	out = filepath.Join(dir, "mail.txt")
	path = filepath.Join(dir, "sendmail")
	script := "#!/bin/sh\necho \"ARGS: $*\" > " + out + "\ncat >> " + out + "\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path, out
}

func TestSendmailPipesTheMIMEMessage(t *testing.T) {
	path, out := recordingSendmail(t)
	m := &Sendmail{Path: path}
	err := m.Send(&Message{
		From:        mail.Address{Name: "Acme", Address: "noreply@example.com"},
		To:          []mail.Address{{Address: "ann@example.com"}},
		Cc:          []mail.Address{{Address: "bob@example.com"}},
		Subject:     "Hello there",
		HTML:        "<p>html body</p>",
		Text:        "text body",
		Headers:     map[string]string{"X-Custom": "yes"},
		Attachments: map[string]io.Reader{"note.txt": strings.NewReader("attached")},
	})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(raw)
	for _, want := range []string{"ARGS: ", " -t", "Subject: Hello there", "ann@example.com", "bob@example.com",
		"X-Custom: yes", "text/plain", "text/html", "html body", "text body", `filename="note.txt"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the piped message lacks %q:\n%s", want, got)
		}
	}
}

func TestSendmailWithoutBinaryOrRecipients(t *testing.T) {
	old := DefaultSendmailPaths
	DefaultSendmailPaths = []string{filepath.Join(t.TempDir(), "none")}
	t.Cleanup(func() { DefaultSendmailPaths = old })
	t.Setenv("PATH", t.TempDir())

	err := (&Sendmail{}).Send(&Message{To: []mail.Address{{Address: "x@example.com"}}})
	if !errors.Is(err, ErrSendmailNotFound) {
		t.Fatalf("error %v, want ErrSendmailNotFound", err)
	}

	path, _ := recordingSendmail(t)
	err = (&Sendmail{Path: path}).Send(&Message{Subject: "nobody"})
	if err == nil || !strings.Contains(err.Error(), "no recipients") {
		t.Fatalf("a message without recipients: error %v", err)
	}
	if err := (&Sendmail{Path: path}).Send(nil); err == nil {
		t.Fatal("a nil message was accepted")
	}
}
