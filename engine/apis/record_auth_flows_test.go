package apis_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

func TestAuthRefresh(t *testing.T) {
	env := newAuthEnv(t)
	userTok := env.token(env.user)
	path := "/api/collections/users/auth-refresh"

	cases := []struct {
		name   string
		token  string
		status int
	}{
		{"guest", "", http.StatusUnauthorized},
		{"garbage token is a guest", "not-a-token", http.StatusUnauthorized},
		{"token of another collection", env.suTok, http.StatusForbidden},
		{"valid user token", userTok, http.StatusOK},
		{"Bearer prefix", "Bearer " + userTok, http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := env.do(http.MethodPost, path, tc.token, nil)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %v", status, tc.status, body)
			}
			if status == http.StatusOK {
				rec, _ := body["record"].(map[string]any)
				if rec["id"] != env.user.Id || rec["email"] != "ann@example.com" {
					t.Errorf("record %v", rec)
				}
				if tok, _ := body["token"].(string); tok == "" {
					t.Error("no token")
				}
			} else if body["message"] == "" {
				t.Errorf("error body %v", body)
			}
		})
	}

	t.Run("hook sees the record", func(t *testing.T) {
		var seen string
		id := env.app.OnRecordAuthRefreshRequest("users").BindFunc(func(e *core.RecordAuthRefreshRequestEvent) error {
			seen = e.Record.Id + "/" + e.Collection.Name
			return e.Next()
		})
		defer env.app.OnRecordAuthRefreshRequest().Unbind(id)
		if status, _ := env.do(http.MethodPost, path, userTok, nil); status != 200 {
			t.Fatalf("status %d", status)
		}
		if seen != env.user.Id+"/users" {
			t.Errorf("hook saw %q", seen)
		}
	})

	t.Run("token from before a password change is refused", func(t *testing.T) {
		u := env.newAuthRecord(core.CollectionNameUsers, "pw@example.com")
		old := env.token(u)
		u.SetPassword("a-new-password-1")
		if err := env.app.Save(u); err != nil {
			t.Fatal(err)
		}
		if status, body := env.do(http.MethodPost, path, old, nil); status != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401: %v", status, body)
		}
	})
}

func TestImpersonate(t *testing.T) {
	env := newAuthEnv(t)
	path := "/api/collections/users/impersonate/" + env.user.Id

	if status, _ := env.do(http.MethodPost, path, "", nil); status != http.StatusUnauthorized {
		t.Errorf("guest: %d, want 401", status)
	}
	if status, _ := env.do(http.MethodPost, path, env.token(env.user), nil); status != http.StatusForbidden {
		t.Errorf("user: %d, want 403", status)
	}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/impersonate/missing", env.suTok, nil); status != http.StatusNotFound {
		t.Errorf("missing record: %d, want 404", status)
	}
	if status, _ := env.do(http.MethodPost, path, env.suTok, map[string]any{"duration": -1}); status != http.StatusBadRequest {
		t.Errorf("negative duration: %d, want 400", status)
	}

	status, body := env.do(http.MethodPost, path, env.suTok, map[string]any{"duration": 100})
	if status != http.StatusOK {
		t.Fatalf("impersonate: %d %v", status, body)
	}
	tok, _ := body["token"].(string)
	rec, err := env.app.FindAuthRecordByToken(tok, core.TokenTypeAuth)
	if err != nil || rec.Id != env.user.Id {
		t.Fatalf("token does not authenticate the user: %v", err)
	}

	// a non-refreshable token is answered unchanged by auth-refresh
	status, body = env.do(http.MethodPost, "/api/collections/users/auth-refresh", tok, nil)
	if status != http.StatusOK || body["token"] != tok {
		t.Fatalf("refresh of the impersonation token: %d, same token %v", status, body["token"] == tok)
	}
}

func TestAuthMethods(t *testing.T) {
	env := newAuthEnv(t)
	status, body := env.do(http.MethodGet, "/api/collections/users/auth-methods", "", nil)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	pw, _ := body["password"].(map[string]any)
	if pw["enabled"] != true || len(pw["identityFields"].([]any)) != 1 {
		t.Errorf("password %v", pw)
	}
	for _, key := range []string{"oauth2", "mfa", "otp"} {
		m, ok := body[key].(map[string]any)
		if !ok || m["enabled"] != false {
			t.Errorf("%s: %v", key, body[key])
		}
	}
	if providers, ok := body["oauth2"].(map[string]any)["providers"].([]any); !ok || len(providers) != 0 {
		t.Errorf("providers %v", body["oauth2"])
	}
	if status, _ := env.do(http.MethodGet, "/api/collections/missing/auth-methods", "", nil); status != http.StatusNotFound {
		t.Errorf("unknown collection: %d", status)
	}
}

func TestVerificationFlow(t *testing.T) {
	env := newAuthEnv(t)
	var hookRecord, mailHookToken string
	env.app.OnRecordRequestVerificationRequest("users").BindFunc(func(e *core.RecordRequestVerificationRequestEvent) error {
		hookRecord = e.Record.Id
		return e.Next()
	})
	env.app.OnMailerRecordVerificationSend("users").BindFunc(func(e *core.MailerRecordEvent) error {
		mailHookToken, _ = e.Meta["token"].(string)
		return e.Next()
	})

	// validation and enumeration safety
	status, body := env.do(http.MethodPost, "/api/collections/users/request-verification", "", map[string]any{})
	if status != http.StatusBadRequest || body["data"].(map[string]any)["email"] == nil {
		t.Fatalf("missing email: %d %v", status, body)
	}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/request-verification", "", map[string]any{"email": "nobody@example.com"}); status != http.StatusNoContent {
		t.Fatalf("unknown email: %d, want 204", status)
	}
	env.smtp.noMail(t, 300*time.Millisecond)

	if status, _ := env.do(http.MethodPost, "/api/collections/users/request-verification", "", map[string]any{"email": "ann@example.com"}); status != http.StatusNoContent {
		t.Fatalf("request: %d", status)
	}
	mail := env.smtp.wait(t)
	if len(mail.To) != 1 || mail.To[0] != "ann@example.com" || !strings.Contains(mail.Data, "Verify your Acme email") {
		t.Fatalf("mail %+v", mail)
	}
	token := mail.token(t)
	if hookRecord != env.user.Id || mailHookToken != token {
		t.Errorf("hooks saw record %q token match %v", hookRecord, mailHookToken == token)
	}

	// a verification token is no password reset token
	status, _ = env.do(http.MethodPost, "/api/collections/users/confirm-password-reset", "", map[string]any{
		"token": token, "password": "0987654321", "passwordConfirm": "0987654321"})
	if status != http.StatusBadRequest {
		t.Fatalf("verification token accepted as reset token: %d", status)
	}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/confirm-verification", "", map[string]any{"token": "bad"}); status != http.StatusBadRequest {
		t.Fatalf("bad token: %d", status)
	}
	if status, body := env.do(http.MethodPost, "/api/collections/users/confirm-verification", "", map[string]any{"token": token}); status != http.StatusNoContent {
		t.Fatalf("confirm: %d %v", status, body)
	}
	fresh, _ := env.app.FindRecordById("users", env.user.Id)
	if !fresh.Verified() {
		t.Fatal("record not verified")
	}
	// verified records get no new email
	env.do(http.MethodPost, "/api/collections/users/request-verification", "", map[string]any{"email": "ann@example.com"})
	env.smtp.noMail(t, 300*time.Millisecond)
}

func TestPasswordResetFlow(t *testing.T) {
	env := newAuthEnv(t)
	oldAuth := env.token(env.user)
	var confirmed string
	env.app.OnRecordConfirmPasswordResetRequest().BindFunc(func(e *core.RecordConfirmPasswordResetRequestEvent) error {
		confirmed = e.Record.Id
		return e.Next()
	})

	if status, _ := env.do(http.MethodPost, "/api/collections/users/request-password-reset", "", map[string]any{"email": "ghost@example.com"}); status != http.StatusNoContent {
		t.Fatalf("unknown email: %d", status)
	}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/request-password-reset", "", map[string]any{"email": "ann@example.com"}); status != http.StatusNoContent {
		t.Fatalf("request: %d", status)
	}
	token := env.smtp.wait(t).token(t)

	// a reset token does not verify
	if status, _ := env.do(http.MethodPost, "/api/collections/users/confirm-verification", "", map[string]any{"token": token}); status != http.StatusBadRequest {
		t.Fatalf("reset token accepted as verification token: %d", status)
	}
	status, body := env.do(http.MethodPost, "/api/collections/users/confirm-password-reset", "", map[string]any{
		"token": token, "password": "new-password-1", "passwordConfirm": "other"})
	if status != http.StatusBadRequest || body["data"].(map[string]any)["passwordConfirm"] == nil {
		t.Fatalf("mismatch: %d %v", status, body)
	}
	status, body = env.do(http.MethodPost, "/api/collections/users/confirm-password-reset", "", map[string]any{
		"token": token, "password": "new-password-1", "passwordConfirm": "new-password-1"})
	if status != http.StatusNoContent {
		t.Fatalf("confirm: %d %v", status, body)
	}
	if confirmed != env.user.Id {
		t.Errorf("hook saw %q", confirmed)
	}

	// the token is spent, old auth tokens are dead and the new password works
	status, _ = env.do(http.MethodPost, "/api/collections/users/confirm-password-reset", "", map[string]any{
		"token": token, "password": "new-password-2", "passwordConfirm": "new-password-2"})
	if status != http.StatusBadRequest {
		t.Fatalf("reused reset token: %d", status)
	}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/auth-refresh", oldAuth, nil); status != http.StatusUnauthorized {
		t.Fatalf("old auth token after reset: %d", status)
	}
	status, _ = env.do(http.MethodPost, "/api/collections/users/auth-with-password", "", map[string]any{"identity": "ann@example.com", "password": "new-password-1"})
	if status != http.StatusOK {
		t.Fatalf("login with the new password: %d", status)
	}
}
