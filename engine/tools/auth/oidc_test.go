package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"
)

// TestOIDCIdTokenChecks reads the user from the id_token only when its
// audience, times, issuer and JWKS signature hold.
func TestOIDCIdTokenChecks(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	jwks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "k1",
			"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		}}})
	}))
	defer jwks.Close()

	sign := func(k *rsa.PrivateKey, claims jwt.MapClaims) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		tok.Header["kid"] = "k1"
		s, err := tok.SignedString(k)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "https://idp.test", "aud": "cid", "sub": "u1", "iat": time.Now().Unix(),
			"exp": time.Now().Add(time.Hour).Unix(), "email": "u@idp.test", "email_verified": true}
	}
	fetch := func(idToken string) (*AuthUser, error) {
		p, _ := NewProvider("oidc")
		p.SetClientId("cid")
		p.SetExtra(map[string]any{"jwksURL": jwks.URL, "issuers": []any{"https://idp.test"}})
		token := (&oauth2.Token{AccessToken: "a"}).WithExtra(map[string]any{"id_token": idToken})
		return p.FetchAuthUser(token)
	}

	user, err := fetch(sign(key, base()))
	if err != nil || user.Id != "u1" || user.Email != "u@idp.test" {
		t.Fatalf("valid id_token: %v %+v", err, user)
	}
	cases := map[string]string{
		"another key":      sign(other, base()),
		"another audience": sign(key, func() jwt.MapClaims { c := base(); c["aud"] = "not-us"; return c }()),
		"another issuer":   sign(key, func() jwt.MapClaims { c := base(); c["iss"] = "https://evil.test"; return c }()),
		"expired":          sign(key, func() jwt.MapClaims { c := base(); c["exp"] = time.Now().Add(-time.Hour).Unix(); return c }()),
		"tampered": func() string {
			s := strings.Split(sign(key, base()), ".")
			s[1] = s[1] + "x"
			return strings.Join(s, ".")
		}(),
	}
	for name, tok := range cases {
		if _, err := fetch(tok); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
