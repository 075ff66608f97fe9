package cli

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

// run executes the root command with args and returns what it printed.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	r, w, _ := os.Pipe()
	stdout := os.Stdout
	os.Stdout = w
	cmd := NewRootCommand()
	cmd.SetArgs(args)
	err := cmd.Execute()
	w.Close()
	os.Stdout = stdout
	var buf bytes.Buffer
	_, _ = io.Copy(&buf, r)
	return buf.String(), err
}

func TestSuperuserCommands(t *testing.T) {
	dir := t.TempDir() + "/pb_data"
	if _, err := run(t, "superuser", "create", "not-an-email", "pass12345678", "--dir", dir); err == nil {
		t.Fatal("an invalid email was accepted")
	}
	if out, err := run(t, "superuser", "create", "su@example.com", "pass12345678", "--dir", dir); err != nil || !strings.Contains(out, "su@example.com") {
		t.Fatalf("create: %q %v", out, err)
	}
	if _, err := run(t, "superuser", "upsert", "su@example.com", "newpass123456", "--dir", dir); err != nil {
		t.Fatal(err)
	}

	app := core.New(core.Config{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "su@example.com")
	if err != nil || !su.ValidatePassword("newpass123456") {
		t.Fatalf("upsert did not change the password: %v", err)
	}

	// otp: refused while OTP is off, then creates an _otps record.
	if _, err := run(t, "superuser", "otp", "su@example.com", "--dir", dir); err == nil || !strings.Contains(err.Error(), "not enabled") {
		t.Fatalf("otp with OTP disabled: %v", err)
	}
	col, _ := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	col.OTP.Enabled = true
	if err := app.Save(col); err != nil {
		t.Fatal(err)
	}
	_ = app.ResetBootstrapState()
	out, err := run(t, "superuser", "otp", "su@example.com", "--dir", dir)
	if err != nil || !strings.Contains(out, "Pass:") {
		t.Fatalf("otp: %q %v", out, err)
	}
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	if n, _ := app.CountRecords(core.CollectionNameOTPs); n != 1 {
		t.Fatalf("%d otp records", n)
	}
	_ = app.ResetBootstrapState()

	if _, err := run(t, "superuser", "delete", "su@example.com", "--dir", dir); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "superuser", "delete", "su@example.com", "--dir", dir); err == nil {
		t.Fatal("deleting a missing superuser succeeded")
	}
}
