package apis_test

import (
	"net/http"
	"testing"
)

// TestAuthRuleEnforced: the collection's authRule decides whether a token is
// handed out by auth-with-password and auth-refresh (403, PocketBase's
// status for both); impersonation is requested by a superuser, whom the rule
// lets through as in PocketBase.
func TestAuthRuleEnforced(t *testing.T) {
	env := newAuthEnv(t)
	unverifiedTok := env.token(env.user) // issued before the rule changes
	verified := env.newAuthRecord("users", "vera@example.com")
	verified.SetVerified(true)
	if err := env.app.Save(verified); err != nil {
		t.Fatal(err)
	}
	verifiedTok := env.token(verified)

	setRule := func(t *testing.T, rule any) {
		t.Helper()
		status, body := env.do(http.MethodPatch, "/api/collections/users", env.suTok, map[string]any{"authRule": rule})
		if status != http.StatusOK {
			t.Fatalf("set authRule %v: %d %v", rule, status, body)
		}
		if got, ok := body["authRule"]; !ok || got != rule {
			t.Fatalf("authRule answered as %#v, want %#v", got, rule)
		}
	}
	login := func(email, token string) (int, map[string]any) {
		return env.do(http.MethodPost, "/api/collections/users/auth-with-password", token,
			map[string]any{"identity": email, "password": "1234567890"})
	}
	refresh := func(token string) (int, map[string]any) {
		return env.do(http.MethodPost, "/api/collections/users/auth-refresh", token, nil)
	}
	impersonate := func(id string) (int, map[string]any) {
		return env.do(http.MethodPost, "/api/collections/users/impersonate/"+id, env.suTok, nil)
	}
	expectRefused := func(t *testing.T, what string, status int, body map[string]any) {
		t.Helper()
		if status != http.StatusForbidden {
			t.Fatalf("%s: status %d, want 403: %v", what, status, body)
		}
		if body["message"] != "The request doesn't satisfy the collection requirements to authenticate." {
			t.Errorf("%s: message %v", what, body["message"])
		}
		if data, _ := body["data"].(map[string]any); len(data) != 0 {
			t.Errorf("%s: data %v, want {}", what, body["data"])
		}
		if _, ok := body["token"]; ok {
			t.Errorf("%s: a token was answered", what)
		}
	}
	expectToken := func(t *testing.T, what string, status int, body map[string]any) {
		t.Helper()
		if status != http.StatusOK {
			t.Fatalf("%s: status %d, want 200: %v", what, status, body)
		}
		if tok, _ := body["token"].(string); tok == "" {
			t.Fatalf("%s: no token: %v", what, body)
		}
	}

	t.Run("null rule turns authentication off", func(t *testing.T) {
		setRule(t, nil)
		status, body := login("ann@example.com", "")
		expectRefused(t, "login", status, body)
		status, body = login("vera@example.com", "")
		expectRefused(t, "verified login", status, body)
		status, body = refresh(unverifiedTok)
		expectRefused(t, "refresh", status, body)
		status, body = refresh(verifiedTok)
		expectRefused(t, "verified refresh", status, body)
		status, body = impersonate(env.user.Id)
		expectToken(t, "impersonate by a superuser", status, body)
	})

	t.Run("verified = true", func(t *testing.T) {
		setRule(t, "verified = true")
		status, body := login("ann@example.com", "")
		expectRefused(t, "unverified login", status, body)
		status, body = refresh(unverifiedTok)
		expectRefused(t, "unverified refresh", status, body)
		status, body = login("vera@example.com", "")
		expectToken(t, "verified login", status, body)
		status, body = refresh(verifiedTok)
		expectToken(t, "verified refresh", status, body)
		status, body = impersonate(env.user.Id)
		expectToken(t, "impersonate by a superuser", status, body)
	})

	t.Run("rule evaluated with the request: a superuser's request passes", func(t *testing.T) {
		setRule(t, nil)
		status, body := login("ann@example.com", env.suTok)
		expectToken(t, "login sent with a superuser token", status, body)
	})

	t.Run("empty rule lets every record in", func(t *testing.T) {
		setRule(t, "")
		status, body := login("ann@example.com", "")
		expectToken(t, "login", status, body)
		status, body = refresh(unverifiedTok)
		expectToken(t, "refresh", status, body)
	})

	t.Run("auth-with-otp answers through the same check", func(t *testing.T) {
		status, body := env.do(http.MethodPatch, "/api/collections/users", env.suTok, map[string]any{"otp": map[string]any{"enabled": true}})
		if status != http.StatusOK {
			t.Fatalf("enable otp: %d %v", status, body)
		}
		otpLogin := func() (int, map[string]any) {
			otp, err := env.app.NewOTP(env.user, "81726354")
			if err != nil {
				t.Fatal(err)
			}
			if err := env.app.Save(otp); err != nil {
				t.Fatal(err)
			}
			return env.do(http.MethodPost, "/api/collections/users/auth-with-otp", "", map[string]any{"otpId": otp.Id, "password": "81726354"})
		}
		setRule(t, "verified = true")
		status, body = otpLogin()
		expectRefused(t, "unverified otp login", status, body)
		setRule(t, "")
		status, body = otpLogin()
		expectToken(t, "otp login", status, body)
	})

	t.Run("superusers are unaffected by the users rule", func(t *testing.T) {
		setRule(t, nil)
		status, body := env.do(http.MethodPost, "/api/collections/_superusers/auth-with-password", "",
			map[string]any{"identity": "su@example.com", "password": "1234567890"})
		expectToken(t, "superuser login", status, body)
	})
}
