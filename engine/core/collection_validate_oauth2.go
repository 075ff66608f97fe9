package core

import (
	"net/url"
	"strconv"

	"github.com/hookbase/hookbase/engine/tools/auth"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// checkOAuth2Options validates the oauth2 providers of an auth collection:
// known names without duplicates, a client id and secret, absolute URLs.
// As in PocketBase, a disabled oauth2 is not checked.
func (app *App) checkOAuth2Options(c *Collection) error {
	o := c.OAuth2
	if o == nil || !o.Enabled {
		return nil
	}
	providers := validation.Errors{}
	seen := map[string]bool{}
	for i, p := range o.Providers {
		e := validation.Errors{}
		switch {
		case p.Name == "":
			e["name"] = validation.Required()
		case !auth.Has(p.Name):
			e["name"] = validation.NewError("validation_missing_provider", "Invalid or missing provider with name "+p.Name+".").
				SetParams(map[string]any{"name": p.Name})
		case seen[p.Name]:
			e["name"] = validation.NewError("validation_duplicated_provider", "The provider "+p.Name+" is already registered.").
				SetParams(map[string]any{"name": p.Name})
		}
		seen[p.Name] = true
		if p.ClientId == "" {
			e["clientId"] = validation.Required()
		}
		if p.ClientSecret == "" {
			e["clientSecret"] = validation.Required()
		}
		for key, v := range map[string]string{"authURL": p.AuthURL, "tokenURL": p.TokenURL, "userInfoURL": p.UserInfoURL} {
			if v == "" {
				continue
			}
			if u, err := url.Parse(v); err != nil || u.Scheme == "" || u.Host == "" {
				e[key] = validation.NewError("validation_is_url", "Must be a valid URL.")
			}
		}
		if err := e.Filter(); err != nil {
			providers[strconv.Itoa(i)] = err
		}
	}
	if err := providers.Filter(); err != nil {
		return validation.Errors{"providers": err}
	}
	return nil
}
