package security

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	_ "modernc.org/sqlite" // reads the signing secrets from data.db
)

// Keys are the real signing inputs of one auth record, read from data.db,
// so that a forged token differs from a genuine one only in what a test
// changes (algorithm, type, expiry…).
type Keys struct {
	CollectionId string
	TokenKey     string
	AuthSecret   string
	FileSecret   string
	VerifySecret string
}

// ReadKeys reads the tokenKey of record id in collection and the
// collection's token secrets (never exposed over the API).
func (f *Fixture) ReadKeys(t *testing.T, collection, id string) Keys {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(f.S.DataDir, "data.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var k Keys
	var options string
	if err := db.QueryRow("SELECT id, options FROM _collections WHERE name = ?", collection).Scan(&k.CollectionId, &options); err != nil {
		t.Fatalf("read collection %s: %v", collection, err)
	}
	if err := db.QueryRow("SELECT tokenKey FROM `"+collection+"` WHERE id = ?", id).Scan(&k.TokenKey); err != nil {
		t.Fatalf("read tokenKey of %s/%s: %v", collection, id, err)
	}
	var opts struct {
		AuthToken, FileToken, VerificationToken struct{ Secret string }
	}
	if err := json.Unmarshal([]byte(options), &opts); err != nil {
		t.Fatalf("collection options: %v", err)
	}
	k.AuthSecret, k.FileSecret, k.VerifySecret = opts.AuthToken.Secret, opts.FileToken.Secret, opts.VerificationToken.Secret
	if k.TokenKey == "" || k.AuthSecret == "" || k.FileSecret == "" {
		t.Fatalf("empty signing inputs for %s/%s: %+v", collection, id, k)
	}
	return k
}

// Claims returns the claims of an auth token of record id, valid for an hour.
func (k Keys) Claims(id string) jwt.MapClaims {
	return jwt.MapClaims{
		"id": id, "type": "auth", "collectionId": k.CollectionId, "refreshable": true,
		"exp": time.Now().Add(time.Hour).Unix(),
	}
}

// Sign signs claims with method and key.
func Sign(t *testing.T, method jwt.SigningMethod, claims jwt.MapClaims, key string) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Unsigned builds an alg "none" token with claims and an empty signature.
func Unsigned(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc(payload) + "."
}

// Tamper swaps the id claim of a genuine token, keeping its signature.
func Tamper(t *testing.T, token, id string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil || len(parts) != 3 {
		t.Fatalf("parse %s: %v", token, err)
	}
	claims["id"] = id
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
}

// SuperuserId finds the id of the test superuser.
func (f *Fixture) SuperuserId(t *testing.T) string {
	t.Helper()
	l := f.List(t, Query("/api/collections/_superusers/records", "filter", "email="+JSONString(f.S.SuperuserEmail)), f.SuToken)
	if len(l.Items) != 1 {
		t.Fatalf("superuser not found: %+v", l)
	}
	return fmt.Sprint(l.Items[0]["id"])
}

// DeletedUserToken signs a user up, logs in and deletes the user; it
// returns the user's id and its (once valid) token.
func (f *Fixture) DeletedUserToken(t *testing.T) (string, string) {
	t.Helper()
	email := "deleted@security.test"
	id, token := f.newUser(t, email, "Deleted")
	if resp, raw := f.S.Do(http.MethodDelete, "/api/collections/users/records/"+id, nil, f.SuToken); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, raw)
	}
	return id, token
}
