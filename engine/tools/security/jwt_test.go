package security

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestJWTRoundTrip(t *testing.T) {
	token, err := NewJWT(jwt.MapClaims{"id": "abc", "type": "auth"}, "secret", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := ParseJWT(token, "secret")
	if err != nil {
		t.Fatal(err)
	}
	if claims["id"] != "abc" || claims["type"] != "auth" {
		t.Fatalf("claims = %v", claims)
	}
	exp, _ := claims.GetExpirationTime()
	if exp == nil || time.Until(exp.Time) < 59*time.Minute {
		t.Fatalf("exp = %v", exp)
	}
	if _, err := ParseJWT(token, "other"); err == nil {
		t.Fatal("wrong key must fail")
	}
	if _, err := ParseJWT(token, ""); err == nil {
		t.Fatal("empty key must fail")
	}
	if _, err := NewJWT(nil, "", time.Hour); err == nil {
		t.Fatal("empty signing key must fail")
	}

	unverified, err := ParseUnverifiedJWT(token)
	if err != nil || unverified["id"] != "abc" {
		t.Fatalf("unverified = %v %v", unverified, err)
	}
}

func TestJWTExpired(t *testing.T) {
	token, err := NewJWT(jwt.MapClaims{"id": "x"}, "secret", -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseJWT(token, "secret"); err == nil {
		t.Fatal("expired token must fail")
	}
	claims, err := ParseUnverifiedJWT(token)
	if err == nil {
		t.Fatal("expired token must fail unverified parsing too")
	}
	if claims["id"] != "x" {
		t.Fatalf("claims should still be returned, got %v", claims)
	}
}

func TestJWTAlgorithmConfusion(t *testing.T) {
	hs512, err := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{
		"id": "x", "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseJWT(hs512, "secret"); err == nil {
		t.Fatal("HS512 token must be refused")
	}

	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{
		"id": "x", "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseJWT(none, "secret"); err == nil {
		t.Fatal("alg none token must be refused")
	}

	// A hand-forged header claiming HS256 over a tampered payload fails too.
	good, _ := NewJWT(jwt.MapClaims{"id": "x"}, "secret", time.Hour)
	parts := strings.Split(good, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(`{"id":"admin","exp":9999999999}`))
	if _, err := ParseJWT(strings.Join(parts, "."), "secret"); err == nil {
		t.Fatal("tampered payload must be refused")
	}
}

func TestJWTMalformed(t *testing.T) {
	for _, bad := range []string{"", "abc", "a.b.c"} {
		if _, err := ParseJWT(bad, "secret"); err == nil {
			t.Fatalf("%q must fail", bad)
		}
		if _, err := ParseUnverifiedJWT(bad); err == nil {
			t.Fatalf("%q must fail unverified", bad)
		}
	}
}
