package auth

import (
	"context"
	"strings"

	"github.com/spf13/cast"
	"golang.org/x/oauth2"
)

// Config describes a provider as data: its endpoints, scopes and how its
// user info maps onto an AuthUser. Most providers are one Config.
type Config struct {
	Name        string
	DisplayName string
	Logo        string
	AuthURL     string
	TokenURL    string
	UserInfoURL string
	Scopes      []string
	PKCE        bool

	// Fetch reads the raw user; nil GETs UserInfoURL with the token.
	Fetch func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error)
	// Map turns the raw user into an AuthUser (Id, names, verified Email,
	// AvatarURL); tokens, expiry and RawUser are filled by the caller.
	Map func(raw map[string]any) AuthUser
}

// ConfigProvider is a Provider driven by a Config.
type ConfigProvider struct {
	BaseProvider
	cfg Config
}

// RegisterConfig registers a Config-driven provider under cfg.Name.
func RegisterConfig(cfg Config) {
	Register(cfg.Name, func() Provider { return NewConfigProvider(cfg) })
}

// NewConfigProvider returns a provider with cfg's defaults.
func NewConfigProvider(cfg Config) *ConfigProvider {
	return &ConfigProvider{cfg: cfg, BaseProvider: BaseProvider{
		ctx:         context.Background(),
		name:        cfg.Name,
		displayName: cfg.DisplayName,
		logo:        cfg.Logo,
		pkce:        cfg.PKCE,
		scopes:      append([]string(nil), cfg.Scopes...),
		authURL:     cfg.AuthURL,
		tokenURL:    cfg.TokenURL,
		userInfoURL: cfg.UserInfoURL,
	}}
}

// FetchAuthUser implements Provider.
func (p *ConfigProvider) FetchAuthUser(token *oauth2.Token) (*AuthUser, error) {
	var (
		raw map[string]any
		err error
	)
	if p.cfg.Fetch != nil {
		raw, err = p.cfg.Fetch(p, token)
	} else {
		raw, _, err = p.fetchJSON(token, "")
	}
	if err != nil {
		return nil, err
	}
	user := p.cfg.Map(raw)
	delete(raw, verifiedEmailKey) // a helper value, not the provider's
	user.RawUser = raw
	user.AccessToken = token.AccessToken
	user.RefreshToken = token.RefreshToken
	user.Expiry = expiryString(token.Expiry)
	return &user, nil
}

// str reads a string (or number, as text) at a dotted path of raw.
func str(raw map[string]any, path string) string {
	var cur any = raw
	for _, key := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = m[key]
	}
	if f, ok := cur.(float64); ok {
		return cast.ToString(int64(f))
	}
	return cast.ToString(cur)
}

// truthy reads a bool-ish value ("true", true, 1) at path.
func truthy(raw map[string]any, path string) bool {
	return cast.ToBool(str(raw, path))
}

// first returns the first element of the list at path of raw, as a map.
func first(raw map[string]any, path string) map[string]any {
	var cur any = raw
	for _, key := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[key]
	}
	if list, ok := cur.([]any); ok && len(list) > 0 {
		m, _ := list[0].(map[string]any)
		return m
	}
	return nil
}

// when returns v if ok, else "" (a verified-only email).
func when(ok bool, v string) string {
	if ok {
		return v
	}
	return ""
}
