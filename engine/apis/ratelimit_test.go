package apis_test

import (
	"net/http"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

func setRateLimits(t *testing.T, env *authEnv, excluded []string, rules ...core.RateLimitRule) {
	s, _ := env.app.Settings().Clone()
	s.RateLimits.Enabled = true
	s.RateLimits.Rules = rules
	s.RateLimits.ExcludedIPs = excluded
	if err := env.app.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
}

func TestRateLimitPathRule(t *testing.T) {
	env := newAuthEnv(t)
	setRateLimits(t, env, nil,
		core.RateLimitRule{Label: "/api/", MaxRequests: 100, Duration: 60},
		core.RateLimitRule{Label: "/api/health", MaxRequests: 2, Duration: 60},
	)
	for i := 0; i < 2; i++ {
		if status, _ := env.do(http.MethodGet, "/api/health", "", nil); status != http.StatusOK {
			t.Fatalf("request %d: %d", i, status)
		}
	}
	status, body := env.do(http.MethodGet, "/api/health", "", nil)
	if status != http.StatusTooManyRequests || body["message"] != "Too Many Requests." {
		t.Fatalf("third request: %d %v", status, body)
	}
	// other paths use the general rule
	if status, _ := env.do(http.MethodGet, "/api/collections/users/auth-methods", "", nil); status != http.StatusOK {
		t.Errorf("other path: %d", status)
	}
	// superusers are not limited
	if status, _ := env.do(http.MethodGet, "/api/health", env.suTok, nil); status != http.StatusOK {
		t.Errorf("superuser: %d", status)
	}
}

func TestRateLimitTagsAudienceAndExcludedIPs(t *testing.T) {
	env := newAuthEnv(t)
	setRateLimits(t, env, nil,
		core.RateLimitRule{Label: "*:auth", MaxRequests: 1, Duration: 60},
		core.RateLimitRule{Label: "users:listAuthMethods", MaxRequests: 1, Duration: 60, Audience: "@auth"},
	)
	login := map[string]any{"identity": "ann@example.com", "password": "1234567890"}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/auth-with-password", "", login); status != http.StatusOK {
		t.Fatalf("first login: %d", status)
	}
	if status, _ := env.do(http.MethodPost, "/api/collections/users/auth-with-password", "", login); status != http.StatusTooManyRequests {
		t.Fatalf("second login: %d, want 429", status)
	}
	// an @auth rule does not apply to guests
	for i := 0; i < 3; i++ {
		if status, _ := env.do(http.MethodGet, "/api/collections/users/auth-methods", "", nil); status != http.StatusOK {
			t.Fatalf("guest auth-methods: %d", status)
		}
	}
	tok := env.token(env.user)
	env.do(http.MethodGet, "/api/collections/users/auth-methods", tok, nil)
	if status, _ := env.do(http.MethodGet, "/api/collections/users/auth-methods", tok, nil); status != http.StatusTooManyRequests {
		t.Fatalf("auth user second auth-methods: %d, want 429", status)
	}

	setRateLimits(t, env, []string{"127.0.0.1"}, core.RateLimitRule{Label: "/api/", MaxRequests: 1, Duration: 60})
	for i := 0; i < 3; i++ {
		if status, _ := env.do(http.MethodGet, "/api/health", "", nil); status != http.StatusOK {
			t.Fatalf("excluded IP limited: %d", status)
		}
	}
}
