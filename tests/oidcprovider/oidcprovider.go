// Package oidcprovider is a small but real OAuth2/OpenID Connect provider
// for tests, served on 127.0.0.1: an authorization endpoint that consents
// at once for a chosen user and redirects with a code, a token endpoint
// that checks the client secret, the redirect URI and the PKCE verifier,
// a userinfo endpoint, a JWKS and an avatar image.
//
// Tests choose who signs in: POST /_test/users registers users by key, and
// the authorize request picks one with login_hint (else the last one
// registered).
package oidcprovider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// User is what the provider says about a user (OIDC claims).
type User struct {
	Key           string `json:"key"`
	Sub           string `json:"sub"`
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
	Name          string `json:"name"`
	Username      string `json:"preferred_username"`
	Picture       string `json:"picture,omitempty"`
}

type grant struct {
	user          User
	clientId      string
	redirectURI   string
	challenge     string
	challengeMeth string
	expires       time.Time
}

// Provider is a running provider.
type Provider struct {
	URL          string
	ClientId     string
	ClientSecret string

	key    *rsa.PrivateKey
	server *http.Server

	mu       sync.Mutex
	users    map[string]User
	last     string
	codes    map[string]*grant
	tokens   map[string]User
	failures []string
}

// Start serves a provider for one client until t's cleanup.
func Start(t testing.TB, clientId, clientSecret string) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("oidcprovider: %v", err)
	}
	p := &Provider{
		URL: "http://" + ln.Addr().String(), ClientId: clientId, ClientSecret: clientSecret, key: key,
		users: map[string]User{}, codes: map[string]*grant{}, tokens: map[string]User{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /userinfo", p.userinfo)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /avatar.png", avatar)
	mux.HandleFunc("POST /_test/users", p.addUser)
	mux.HandleFunc("GET /_test/failures", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		writeJSON(w, http.StatusOK, append([]string{}, p.failures...))
	})
	p.server = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.server.Serve(ln) }()
	t.Cleanup(func() { _ = p.server.Close() })
	return p
}

// AddUser registers (or replaces) a user by key and makes it the default.
func (p *Provider) AddUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users[u.Key] = u
	p.last = u.Key
}

func (p *Provider) addUser(w http.ResponseWriter, r *http.Request) {
	var u User
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil || u.Key == "" || u.Sub == "" {
		http.Error(w, "want {key, sub, …}", http.StatusBadRequest)
		return
	}
	p.AddUser(u)
	w.WriteHeader(http.StatusNoContent)
}

func (p *Provider) fail(w http.ResponseWriter, status int, reason string) {
	p.mu.Lock()
	p.failures = append(p.failures, reason)
	p.mu.Unlock()
	writeJSON(w, status, map[string]string{"error": reason})
}

// authorize consents at once and redirects back with a code.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.ClientId {
		p.fail(w, http.StatusBadRequest, "authorize: unknown client_id")
		return
	}
	if q.Get("response_type") != "code" {
		p.fail(w, http.StatusBadRequest, "authorize: response_type must be code")
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || redirect.Scheme == "" {
		p.fail(w, http.StatusBadRequest, "authorize: missing redirect_uri")
		return
	}
	p.mu.Lock()
	key := q.Get("login_hint")
	if key == "" {
		key = p.last
	}
	user, ok := p.users[key]
	code := randomString(24)
	if ok {
		p.codes[code] = &grant{
			user: user, clientId: p.ClientId, redirectURI: q.Get("redirect_uri"),
			challenge: q.Get("code_challenge"), challengeMeth: q.Get("code_challenge_method"),
			expires: time.Now().Add(time.Minute),
		}
	}
	p.mu.Unlock()
	if !ok {
		p.fail(w, http.StatusBadRequest, "authorize: no such user "+key)
		return
	}
	back := redirect.Query()
	back.Set("code", code)
	back.Set("state", q.Get("state"))
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// token exchanges a code: client secret (basic or form), redirect URI and
// PKCE verifier must match; a code works once.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		p.fail(w, http.StatusBadRequest, "token: bad form")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.ClientId || subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) != 1 {
		p.fail(w, http.StatusUnauthorized, "token: invalid_client")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		p.fail(w, http.StatusBadRequest, "token: unsupported_grant_type")
		return
	}
	p.mu.Lock()
	g := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code"))
	p.mu.Unlock()
	switch {
	case g == nil || time.Now().After(g.expires):
		p.fail(w, http.StatusBadRequest, "token: invalid_grant (unknown, used or expired code)")
		return
	case g.redirectURI != r.PostForm.Get("redirect_uri"):
		p.fail(w, http.StatusBadRequest, "token: invalid_grant (redirect_uri mismatch)")
		return
	case g.challenge != "" && !pkceMatches(g, r.PostForm.Get("code_verifier")):
		p.fail(w, http.StatusBadRequest, "token: invalid_grant (PKCE verifier mismatch)")
		return
	}
	access := randomString(32)
	p.mu.Lock()
	p.tokens[access] = g.user
	p.mu.Unlock()
	idToken, err := p.idToken(g.user)
	if err != nil {
		p.fail(w, http.StatusInternalServerError, "token: "+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": access, "token_type": "Bearer", "expires_in": 3600,
		"refresh_token": randomString(32), "id_token": idToken,
	})
}

func pkceMatches(g *grant, verifier string) bool {
	if g.challengeMeth != "S256" {
		return g.challenge == verifier
	}
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:]) == g.challenge
}

func (p *Provider) idToken(u User) (string, error) {
	claims := jwt.MapClaims{
		"iss": p.URL, "aud": p.ClientId, "sub": u.Sub, "iat": time.Now().Unix(),
		"exp": time.Now().Add(time.Hour).Unix(), "email": u.Email, "email_verified": u.EmailVerified,
		"name": u.Name, "preferred_username": u.Username,
	}
	if u.Picture != "" {
		claims["picture"] = u.Picture
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = "test-key"
	return t.SignedString(p.key)
}

func (p *Provider) userinfo(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	if len(auth) < 8 || auth[:7] != "Bearer " {
		p.fail(w, http.StatusUnauthorized, "userinfo: no bearer token")
		return
	}
	p.mu.Lock()
	u, ok := p.tokens[auth[7:]]
	p.mu.Unlock()
	if !ok {
		p.fail(w, http.StatusUnauthorized, "userinfo: unknown token")
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	pub := p.key.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": "test-key", "alg": "RS256", "use": "sig",
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

// avatarPNG is a 1x1 transparent PNG.
var avatarPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

func avatar(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(avatarPNG)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}
