// Package auth holds the OAuth2 providers of auth-with-oauth2: a provider
// builds the authorization URL, exchanges the code for a token (through
// golang.org/x/oauth2) and turns the provider's user info into an AuthUser.
// It knows nothing of collections or records.
package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"

	"golang.org/x/oauth2"
)

// AuthUser is the normalised user of a provider. Email is set only when the
// provider vouches for it (verified), since accounts are linked by email.
type AuthUser struct {
	Expiry       string         `json:"expiry"`
	RawUser      map[string]any `json:"rawUser"`
	Id           string         `json:"id"`
	Name         string         `json:"name"`
	Username     string         `json:"username"`
	Email        string         `json:"email"`
	AvatarURL    string         `json:"avatarURL"`
	AccessToken  string         `json:"accessToken"`
	RefreshToken string         `json:"refreshToken"`
}

// MarshalJSON adds avatarUrl, the name older clients read.
func (u AuthUser) MarshalJSON() ([]byte, error) {
	type plain AuthUser
	return json.Marshal(struct {
		plain
		AvatarUrl string `json:"avatarUrl"`
	}{plain(u), u.AvatarURL})
}

// Provider is one configured OAuth2 provider.
type Provider interface {
	Name() string
	DisplayName() string
	SetDisplayName(name string)
	Logo() string
	PKCE() bool
	SetPKCE(enabled bool)
	Scopes() []string
	SetScopes(scopes []string)
	ClientId() string
	SetClientId(id string)
	ClientSecret() string
	SetClientSecret(secret string)
	RedirectURL() string
	SetRedirectURL(url string)
	AuthURL() string
	SetAuthURL(url string)
	TokenURL() string
	SetTokenURL(url string)
	UserInfoURL() string
	SetUserInfoURL(url string)
	Extra() map[string]any
	SetExtra(extra map[string]any)
	Context() context.Context
	SetContext(ctx context.Context)

	// BuildAuthURL is the URL the user is sent to (without redirect_uri
	// when none is set).
	BuildAuthURL(state string, opts ...oauth2.AuthCodeOption) string
	// FetchToken exchanges an authorization code.
	FetchToken(code string, opts ...oauth2.AuthCodeOption) (*oauth2.Token, error)
	// FetchAuthUser reads the user of token.
	FetchAuthUser(token *oauth2.Token) (*AuthUser, error)
	// Client is an HTTP client sending token.
	Client(token *oauth2.Token) *http.Client
}

// Factory creates a provider with its defaults.
type Factory func() Provider

var factories = map[string]Factory{}

// Register adds a provider factory under name (providers register
// themselves in init; applications may add their own).
func Register(name string, f Factory) { factories[name] = f }

// NewProvider returns a fresh provider by name.
func NewProvider(name string) (Provider, error) {
	f, ok := factories[name]
	if !ok {
		return nil, fmt.Errorf("missing provider %q", name)
	}
	return f(), nil
}

// Names lists the registered provider names, sorted.
func Names() []string {
	out := make([]string, 0, len(factories))
	for name := range factories {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Has reports whether a provider name is registered.
func Has(name string) bool {
	_, ok := factories[name]
	return ok
}

// expiryString formats a token's expiry as PocketBase's datetime.
func expiryString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05.000Z")
}

// NameApple is Sign in with Apple, whose user name arrives only once, in
// the form_post of the redirect.
const NameApple = "apple"
