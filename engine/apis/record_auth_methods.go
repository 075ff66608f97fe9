package apis

import (
	"net/http"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/auth"
	"github.com/hookbase/hookbase/engine/tools/security"
	"golang.org/x/oauth2"
)

// authMethodsProvider is one OAuth2 provider of auth-methods, with a fresh
// state and PKCE pair for the client to use.
type authMethodsProvider struct {
	Name                string `json:"name"`
	DisplayName         string `json:"displayName"`
	Logo                string `json:"logo"`
	State               string `json:"state"`
	AuthURL             string `json:"authURL"`
	AuthUrl             string `json:"authUrl"` // the older SDKs' name
	CodeVerifier        string `json:"codeVerifier"`
	CodeChallenge       string `json:"codeChallenge"`
	CodeChallengeMethod string `json:"codeChallengeMethod"`
}

type authMethodsToggle struct {
	Enabled  bool  `json:"enabled"`
	Duration int64 `json:"duration"`
}

type authMethodsResponse struct {
	Password struct {
		IdentityFields []string `json:"identityFields"`
		Enabled        bool     `json:"enabled"`
	} `json:"password"`
	OAuth2 struct {
		Providers []authMethodsProvider `json:"providers"`
		Enabled   bool                  `json:"enabled"`
	} `json:"oauth2"`
	MFA authMethodsToggle `json:"mfa"`
	OTP authMethodsToggle `json:"otp"`

	// the pre-0.23 fields older SDKs read
	AuthProviders    []authMethodsProvider `json:"authProviders"`
	UsernamePassword bool                  `json:"usernamePassword"`
	EmailPassword    bool                  `json:"emailPassword"`
}

// recordAuthMethods lists the collection's enabled auth methods; each
// OAuth2 provider comes with its authorization URL (redirect_uri left
// empty for the client to append), state and PKCE challenge.
func recordAuthMethods(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	out := authMethodsResponse{}
	out.Password.IdentityFields = []string{}
	out.OAuth2.Providers = []authMethodsProvider{}
	if pa := collection.PasswordAuth; pa != nil && pa.Enabled {
		out.Password.Enabled = true
		out.Password.IdentityFields = append(out.Password.IdentityFields, pa.IdentityFields...)
	}
	if m := collection.MFA; m != nil && m.Enabled {
		out.MFA = authMethodsToggle{Enabled: true, Duration: m.Duration}
	}
	if o := collection.OTP; o != nil && o.Enabled {
		out.OTP = authMethodsToggle{Enabled: true, Duration: o.Duration}
	}
	if o := collection.OAuth2; o != nil && o.Enabled {
		out.OAuth2.Enabled = true
		for _, cfg := range o.Providers {
			provider, err := cfg.InitProvider()
			if err != nil {
				e.App.Logger().Debug("skipping an OAuth2 provider", "name", cfg.Name, "error", err)
				continue
			}
			out.OAuth2.Providers = append(out.OAuth2.Providers, authMethodsProviderOf(cfg.Name, provider))
		}
		legacy := make([]authMethodsProvider, len(out.OAuth2.Providers))
		for i, p := range out.OAuth2.Providers {
			legacy[i] = p
			legacy[i].Logo = ""
		}
		out.AuthProviders = legacy
	}
	out.EmailPassword = out.Password.Enabled && slices.Contains(out.Password.IdentityFields, core.FieldNameEmail)
	out.UsernamePassword = out.Password.Enabled && slices.Contains(out.Password.IdentityFields, "username")
	return e.JSON(http.StatusOK, out)
}

func authMethodsProviderOf(name string, provider auth.Provider) authMethodsProvider {
	info := authMethodsProvider{
		Name:        name,
		DisplayName: provider.DisplayName(),
		Logo:        provider.Logo(),
		State:       security.RandomString(30),
	}
	if info.DisplayName == "" {
		info.DisplayName = name
	}
	var opts []oauth2.AuthCodeOption
	if name == auth.NameApple {
		// Apple posts the code (and the user's name) to the redirect
		opts = append(opts, oauth2.SetAuthURLParam("response_mode", "form_post"))
	}
	if provider.PKCE() {
		info.CodeVerifier = security.RandomString(43)
		info.CodeChallenge = oauth2.S256ChallengeFromVerifier(info.CodeVerifier)
		info.CodeChallengeMethod = "S256"
		opts = append(opts,
			oauth2.SetAuthURLParam("code_challenge", info.CodeChallenge),
			oauth2.SetAuthURLParam("code_challenge_method", info.CodeChallengeMethod))
	}
	info.AuthURL = provider.BuildAuthURL(info.State, opts...) + "&redirect_uri="
	info.AuthUrl = info.AuthURL
	return info
}

// oauth2ProviderListItem is one provider the dashboard can configure.
type oauth2ProviderListItem struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Logo        string `json:"logo"`
}

// collectionsOAuth2Providers lists every registered OAuth2 provider for
// superusers: the named ones by name, then the generic OIDC ones.
func collectionsOAuth2Providers(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	out := []oauth2ProviderListItem{}
	var generic []oauth2ProviderListItem
	for _, name := range auth.Names() {
		p, err := auth.NewProvider(name)
		if err != nil {
			continue
		}
		item := oauth2ProviderListItem{Name: name, DisplayName: p.DisplayName(), Logo: p.Logo()}
		if strings.HasPrefix(name, auth.NameOIDC) {
			generic = append(generic, item)
		} else {
			out = append(out, item)
		}
	}
	return e.JSON(http.StatusOK, append(out, generic...))
}
