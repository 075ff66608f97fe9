package core

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
)

func TestSettingsAreEncryptedWithTheKeyFromEncryptionEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HB_TEST_KEY", "0123456789abcdef0123456789abcdef")
	logger := newTestApp(t).Logger()

	app := New(Config{DataDir: dir, EncryptionEnv: "HB_TEST_KEY", Logger: logger})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	s, _ := app.Settings().Clone()
	s.Meta.AppName = "Secret App"
	s.SMTP.Password = "smtp-pass"
	if err := app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := app.DB().NewQuery("SELECT value FROM _params WHERE id = 'settings'").Row(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "Secret App") || strings.Contains(stored, "smtp-pass") {
		t.Fatalf("settings stored in clear text: %s", stored)
	}
	_ = app.ResetBootstrapState()

	reopened := New(Config{DataDir: dir, EncryptionEnv: "HB_TEST_KEY", Logger: logger})
	if err := reopened.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	if reopened.Settings().Meta.AppName != "Secret App" || reopened.Settings().SMTP.Password != "smtp-pass" {
		t.Fatalf("decrypted settings %+v", reopened.Settings().Meta)
	}
	if masked := reopened.Settings().Masked(); masked.SMTP.Password != "" {
		t.Fatal("masked settings show the SMTP password")
	}
	_ = reopened.ResetBootstrapState()

	noKey := New(Config{DataDir: dir, Logger: logger})
	err := noKey.Bootstrap()
	_ = noKey.ResetBootstrapState()
	if err == nil || !strings.Contains(err.Error(), "encryptionEnv") {
		t.Fatalf("opening encrypted settings without the key: %v", err)
	}
}

func TestQueryTimeoutCancelsLongQueries(t *testing.T) {
	app := New(Config{DataDir: t.TempDir(), QueryTimeout: 200 * time.Millisecond, Logger: newTestApp(t).Logger()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()

	slow := "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM (SELECT x FROM c LIMIT 2000000000)"
	start := time.Now()
	var n int
	err := app.DB().NewQuery(slow).Row(&n)
	if err == nil {
		t.Fatal("the runaway query finished")
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("query ran %v despite a 200ms timeout", elapsed)
	}
	// Select builders get the same bound, and a caller's own deadline wins.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var one int
	if err := app.DB().NewQuery("SELECT 1").WithContext(ctx).Row(&one); err != nil || one != 1 {
		t.Fatalf("a quick query failed: %v", err)
	}
	if err := app.DB().NewQuery("SELECT {:v}").Bind(dbx.Params{"v": 2}).Row(&one); err != nil || one != 2 {
		t.Fatalf("bound query: %v", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Fatal("unexpected cancel")
	}
}

// Settings stored before metricsEnabled existed (no key) keep the request
// metrics on; an explicit false stays false.
func TestMetricsEnabledDefaultsOnForStoredSettingsWithoutTheKey(t *testing.T) {
	app := newTestApp(t)
	for _, tc := range []struct {
		stored string
		want   bool
	}{
		{`{"observability":{"analyticsEnabled":true}}`, true},
		{`{}`, true},
		{`{"observability":{"metricsEnabled":false}}`, false},
	} {
		if _, err := app.NonconcurrentDB().NewQuery("UPDATE _params SET value = {:v} WHERE id = {:id}").
			Bind(map[string]any{"v": tc.stored, "id": paramsKeySettings}).Execute(); err != nil {
			t.Fatal(err)
		}
		if err := app.ReloadSettings(); err != nil {
			t.Fatal(err)
		}
		if got := app.Settings().Observability.MetricsEnabled; got != tc.want {
			t.Errorf("stored %s: metricsEnabled %v, want %v", tc.stored, got, tc.want)
		}
	}
}
