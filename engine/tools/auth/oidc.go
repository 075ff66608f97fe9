package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/spf13/cast"
	"golang.org/x/oauth2"
)

// NameOIDC is the generic OpenID Connect provider; oidc2 and oidc3 are the
// same provider under other names, so that a collection can use three.
const NameOIDC = "oidc"

// idTokenLeeway is the clock skew accepted on id_token times.
const idTokenLeeway = 5 * time.Minute

const oidcLogo = `<svg xmlns="http://www.w3.org/2000/svg" width="93" height="84" fill="none"><path fill="#ccc" d="M83.4 32.9c-8.7-5.5-21-8.8-34.3-8.8C22 24 .4 37.5.4 54 .4 69.3 18.5 81.8 42 84v-8.7c-15.9-2-27.8-10.7-27.8-21 0-11.9 15.5-21.6 34.8-21.6 9.5 0 18.2 2.4 24.5 6.3l-9 5.6h27.9V27.3z"/><path fill="#ff6200" d="M42 9.2V84l14-8.7V.2z"/></svg>`

func init() {
	for _, name := range []string{NameOIDC, NameOIDC + "2", NameOIDC + "3"} {
		RegisterConfig(Config{
			Name:        name,
			DisplayName: "OIDC",
			Logo:        oidcLogo,
			PKCE:        true,
			Scopes:      []string{"openid", "email", "profile"},
			Fetch:       fetchOIDCUser,
			Map:         mapOIDCClaims,
		})
	}
}

// mapOIDCClaims reads the standard claims; the email counts only when
// email_verified says so.
func mapOIDCClaims(raw map[string]any) AuthUser {
	return AuthUser{
		Id:        str(raw, "sub"),
		Name:      str(raw, "name"),
		Username:  str(raw, "preferred_username"),
		AvatarURL: str(raw, "picture"),
		Email:     when(truthy(raw, "email_verified"), str(raw, "email")),
	}
}

// fetchOIDCUser asks the userinfo endpoint when one is configured, else
// reads the claims of the token answer's id_token (audience, times and the
// optional extra.issuers checked; its signature is verified against
// extra.jwksURL when set).
func fetchOIDCUser(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
	if p.UserInfoURL() != "" {
		raw, _, err := p.fetchJSON(token, "")
		return raw, err
	}
	idToken, _ := token.Extra("id_token").(string)
	if idToken == "" {
		return nil, errors.New("no userInfoURL and no id_token to read the user from")
	}
	claims := jwt.MapClaims{}
	if jwksURL := cast.ToString(p.Extra()["jwksURL"]); jwksURL != "" {
		if _, err := jwt.ParseWithClaims(idToken, claims, jwksKeyfunc(p, jwksURL), jwt.WithLeeway(idTokenLeeway)); err != nil {
			return nil, fmt.Errorf("id_token: %w", err)
		}
	} else if _, _, err := jwt.NewParser().ParseUnverified(idToken, claims); err != nil {
		return nil, fmt.Errorf("id_token: %w", err)
	}
	v := jwt.NewValidator(jwt.WithIssuedAt(), jwt.WithLeeway(idTokenLeeway), jwt.WithAudience(p.ClientId()))
	if err := v.Validate(claims); err != nil {
		return nil, fmt.Errorf("id_token: %w", err)
	}
	if issuers := cast.ToStringSlice(p.Extra()["issuers"]); len(issuers) > 0 {
		iss, _ := claims.GetIssuer()
		ok := false
		for _, want := range issuers {
			ok = ok || iss == want
		}
		if !ok {
			return nil, fmt.Errorf("id_token: issuer %q is not one of %v", iss, issuers)
		}
	}
	return map[string]any(claims), nil
}
