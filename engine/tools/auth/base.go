package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/oauth2"
)

// maxUserInfoSize bounds a provider's user info answer.
const maxUserInfoSize = 1 << 20

// BaseProvider holds the settings every provider shares and implements the
// code flow with golang.org/x/oauth2. A provider embeds it and adds how it
// reads its user (see Config).
type BaseProvider struct {
	ctx          context.Context
	name         string
	displayName  string
	logo         string
	pkce         bool
	scopes       []string
	clientId     string
	clientSecret string
	redirectURL  string
	authURL      string
	tokenURL     string
	userInfoURL  string
	extra        map[string]any
}

func (p *BaseProvider) Name() string                   { return p.name }
func (p *BaseProvider) DisplayName() string            { return p.displayName }
func (p *BaseProvider) SetDisplayName(name string)     { p.displayName = name }
func (p *BaseProvider) Logo() string                   { return p.logo }
func (p *BaseProvider) PKCE() bool                     { return p.pkce }
func (p *BaseProvider) SetPKCE(enabled bool)           { p.pkce = enabled }
func (p *BaseProvider) Scopes() []string               { return p.scopes }
func (p *BaseProvider) SetScopes(scopes []string)      { p.scopes = scopes }
func (p *BaseProvider) ClientId() string               { return p.clientId }
func (p *BaseProvider) SetClientId(id string)          { p.clientId = id }
func (p *BaseProvider) ClientSecret() string           { return p.clientSecret }
func (p *BaseProvider) SetClientSecret(secret string)  { p.clientSecret = secret }
func (p *BaseProvider) RedirectURL() string            { return p.redirectURL }
func (p *BaseProvider) SetRedirectURL(url string)      { p.redirectURL = url }
func (p *BaseProvider) AuthURL() string                { return p.authURL }
func (p *BaseProvider) SetAuthURL(url string)          { p.authURL = url }
func (p *BaseProvider) TokenURL() string               { return p.tokenURL }
func (p *BaseProvider) SetTokenURL(url string)         { p.tokenURL = url }
func (p *BaseProvider) UserInfoURL() string            { return p.userInfoURL }
func (p *BaseProvider) SetUserInfoURL(url string)      { p.userInfoURL = url }
func (p *BaseProvider) Extra() map[string]any          { return p.extra }
func (p *BaseProvider) SetExtra(extra map[string]any)  { p.extra = extra }
func (p *BaseProvider) SetContext(ctx context.Context) { p.ctx = ctx }
func (p *BaseProvider) Context() context.Context {
	if p.ctx == nil {
		return context.Background()
	}
	return p.ctx
}

func (p *BaseProvider) config() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     p.clientId,
		ClientSecret: p.clientSecret,
		RedirectURL:  p.redirectURL,
		Scopes:       p.scopes,
		Endpoint:     oauth2.Endpoint{AuthURL: p.authURL, TokenURL: p.tokenURL},
	}
}

// BuildAuthURL implements Provider.
func (p *BaseProvider) BuildAuthURL(state string, opts ...oauth2.AuthCodeOption) string {
	return p.config().AuthCodeURL(state, opts...)
}

// FetchToken implements Provider.
func (p *BaseProvider) FetchToken(code string, opts ...oauth2.AuthCodeOption) (*oauth2.Token, error) {
	return p.config().Exchange(p.Context(), code, opts...)
}

// Client implements Provider.
func (p *BaseProvider) Client(token *oauth2.Token) *http.Client {
	return p.config().Client(p.Context(), token)
}

// FetchRawUserInfo GETs url (the user info URL when empty) with the token
// and returns the body; a 4xx/5xx answer is an error.
func (p *BaseProvider) FetchRawUserInfo(token *oauth2.Token, url string, headers ...string) ([]byte, error) {
	if url == "" {
		url = p.userInfoURL
	}
	req, err := http.NewRequestWithContext(p.Context(), http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := p.Client(token).Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch the OAuth2 user: %w", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxUserInfoSize))
	if err != nil {
		return nil, err
	}
	if res.StatusCode >= 400 {
		return nil, fmt.Errorf("fetch the OAuth2 user from %s: status %d: %s", url, res.StatusCode, body)
	}
	return body, nil
}

// fetchJSON is FetchRawUserInfo decoded into a map.
func (p *BaseProvider) fetchJSON(token *oauth2.Token, url string, headers ...string) (map[string]any, []byte, error) {
	body, err := p.FetchRawUserInfo(token, url, headers...)
	if err != nil {
		return nil, nil, err
	}
	raw := map[string]any{}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, nil, fmt.Errorf("decode the OAuth2 user: %w", err)
	}
	return raw, body, nil
}
