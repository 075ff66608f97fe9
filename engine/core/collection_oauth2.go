package core

import "github.com/hookbase/hookbase/engine/tools/auth"

// GetProviderConfig returns the collection's settings of a provider.
func (c *OAuth2Config) GetProviderConfig(name string) (OAuth2ProviderConfig, bool) {
	if c == nil {
		return OAuth2ProviderConfig{}, false
	}
	for _, p := range c.Providers {
		if p.Name == name {
			return p, true
		}
	}
	return OAuth2ProviderConfig{}, false
}

// InitProvider builds the provider of the config: its defaults, overridden
// by the configured client, URLs, display name, PKCE and extra settings.
func (c OAuth2ProviderConfig) InitProvider() (auth.Provider, error) {
	p, err := auth.NewProvider(c.Name)
	if err != nil {
		return nil, err
	}
	if c.ClientId != "" {
		p.SetClientId(c.ClientId)
	}
	if c.ClientSecret != "" {
		p.SetClientSecret(c.ClientSecret)
	}
	if c.AuthURL != "" {
		p.SetAuthURL(c.AuthURL)
	}
	if c.TokenURL != "" {
		p.SetTokenURL(c.TokenURL)
	}
	if c.UserInfoURL != "" {
		p.SetUserInfoURL(c.UserInfoURL)
	}
	if c.DisplayName != "" {
		p.SetDisplayName(c.DisplayName)
	}
	if c.PKCE != nil {
		p.SetPKCE(*c.PKCE)
	}
	if c.Extra != nil {
		p.SetExtra(c.Extra)
	}
	return p, nil
}
