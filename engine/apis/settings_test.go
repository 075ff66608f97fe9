package apis_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

func TestSettingsGuardAndMasking(t *testing.T) {
	env := newAuthEnv(t)
	s, _ := env.app.Settings().Clone()
	s.SMTP.Password = "smtp-secret"
	s.S3.Secret = "s3-secret"
	if err := env.app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}

	if status, _ := env.do(http.MethodGet, "/api/settings", "", nil); status != http.StatusUnauthorized {
		t.Errorf("guest: %d", status)
	}
	if status, _ := env.do(http.MethodGet, "/api/settings", env.token(env.user), nil); status != http.StatusForbidden {
		t.Errorf("user: %d", status)
	}
	if status, _ := env.do(http.MethodPatch, "/api/settings", env.token(env.user), map[string]any{}); status != http.StatusForbidden {
		t.Errorf("user patch: %d", status)
	}

	var listed bool
	env.app.OnSettingsListRequest().BindFunc(func(e *core.SettingsListRequestEvent) error {
		listed = e.Settings.SMTP.Password == ""
		return e.Next()
	})
	status, body := env.do(http.MethodGet, "/api/settings", env.suTok, nil)
	if status != http.StatusOK || !listed {
		t.Fatalf("list: %d hook saw masked settings %v", status, listed)
	}
	for _, section := range []string{"meta", "smtp", "s3", "backups", "batch", "rateLimits", "trustedProxy", "logs"} {
		if _, ok := body[section].(map[string]any); !ok {
			t.Errorf("missing section %s", section)
		}
	}
	if _, ok := body["smtp"].(map[string]any)["password"]; ok {
		t.Error("smtp password leaked")
	}
	if _, ok := body["s3"].(map[string]any)["secret"]; ok {
		t.Error("s3 secret leaked")
	}
}

func TestSettingsUpdate(t *testing.T) {
	env := newAuthEnv(t)
	s, _ := env.app.Settings().Clone()
	s.SMTP.Password = "keep-me"
	_ = env.app.SaveSettings(s)

	var oldName, newName string
	env.app.OnSettingsUpdateRequest().BindFunc(func(e *core.SettingsUpdateRequestEvent) error {
		oldName, newName = e.OldSettings.Meta.AppName, e.NewSettings.Meta.AppName
		return e.Next()
	})
	status, body := env.do(http.MethodPatch, "/api/settings", env.suTok, map[string]any{
		"meta":  map[string]any{"appName": "Renamed"},
		"batch": map[string]any{"enabled": true},
	})
	if status != http.StatusOK {
		t.Fatalf("patch: %d %v", status, body)
	}
	if oldName != "Acme" || newName != "Renamed" {
		t.Errorf("hook saw %q -> %q", oldName, newName)
	}
	if body["meta"].(map[string]any)["appName"] != "Renamed" || body["batch"].(map[string]any)["enabled"] != true {
		t.Errorf("answer %v", body)
	}
	cur := env.app.Settings()
	if cur.Meta.AppName != "Renamed" || cur.SMTP.Password != "keep-me" || cur.Meta.SenderAddress != "support@example.com" {
		t.Errorf("stored settings %+v", cur)
	}

	// validation errors in PocketBase's nested shape
	status, body = env.do(http.MethodPatch, "/api/settings", env.suTok, map[string]any{
		"meta":       map[string]any{"appName": "", "senderAddress": "nope"},
		"rateLimits": map[string]any{"rules": []any{map[string]any{"label": "/api/", "maxRequests": 0, "duration": 1, "audience": "x"}}},
	})
	if status != http.StatusBadRequest {
		t.Fatalf("invalid patch: %d %v", status, body)
	}
	data := body["data"].(map[string]any)
	meta := data["meta"].(map[string]any)
	if meta["appName"].(map[string]any)["code"] != "validation_required" || meta["senderAddress"].(map[string]any)["code"] != "validation_is_email" {
		t.Errorf("meta errors %v", meta)
	}
	rule := data["rateLimits"].(map[string]any)["rules"].(map[string]any)["0"].(map[string]any)
	if rule["maxRequests"] == nil || rule["audience"] == nil {
		t.Errorf("rule errors %v", rule)
	}
	if env.app.Settings().Meta.AppName != "Renamed" {
		t.Error("an invalid patch changed the settings")
	}
}

func TestSettingsTestEmail(t *testing.T) {
	env := newAuthEnv(t)
	var sent int
	env.app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		sent++
		return e.Next()
	})
	status, body := env.do(http.MethodPost, "/api/settings/test/email", env.suTok, map[string]any{"template": "nope"})
	if status != http.StatusBadRequest || body["data"].(map[string]any)["email"] == nil || body["data"].(map[string]any)["template"] == nil {
		t.Fatalf("invalid: %d %v", status, body)
	}
	for _, tpl := range []string{"verification", "password-reset", "email-change"} {
		status, body := env.do(http.MethodPost, "/api/settings/test/email", env.suTok, map[string]any{"email": "to@example.com", "template": tpl, "collection": "users"})
		if status != http.StatusNoContent {
			t.Fatalf("%s: %d %v", tpl, status, body)
		}
		mail := env.smtp.wait(t)
		if mail.To[0] != "to@example.com" || mail.From != "support@example.com" || !strings.Contains(mail.Data, "Acme") {
			t.Errorf("%s mail %+v", tpl, mail)
		}
	}
	if sent != 3 {
		t.Errorf("OnMailerSend fired %d times", sent)
	}
}
