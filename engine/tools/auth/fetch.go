package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/oauth2"
)

// getWithHeaders GETs the user info URL with extra headers.
func getWithHeaders(headers ...string) func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
	return func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
		raw, _, err := p.fetchJSON(token, "", headers...)
		return raw, err
	}
}

// postGraphQL POSTs a GraphQL query to the user info URL (Linear, monday).
func postGraphQL(query string) func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
	return func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
		body, _ := json.Marshal(map[string]string{"query": query})
		req, err := http.NewRequestWithContext(p.Context(), http.MethodPost, p.UserInfoURL(), bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := p.Client(token).Do(req)
		if err != nil {
			return nil, fmt.Errorf("fetch the OAuth2 user: %w", err)
		}
		defer res.Body.Close()
		data, err := io.ReadAll(io.LimitReader(res.Body, maxUserInfoSize))
		if err != nil {
			return nil, err
		}
		if res.StatusCode >= 400 {
			return nil, fmt.Errorf("fetch the OAuth2 user: status %d: %s", res.StatusCode, data)
		}
		raw := map[string]any{}
		return raw, json.Unmarshal(data, &raw)
	}
}

// withVerifiedEmailList reads the user, then picks the primary verified
// address from a list endpoint (GitHub, Gitee, Gitea, Bitbucket). A list
// the token may not read leaves the email empty. The chosen address is
// stored in the raw user under "__verifiedEmail".
func withVerifiedEmailList(listURL func(p *ConfigProvider) string, pick func(list any) string) func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
	return func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
		raw, _, err := p.fetchJSON(token, "")
		if err != nil {
			return nil, err
		}
		body, err := p.FetchRawUserInfo(token, listURL(p))
		if err == nil {
			var list any
			if json.Unmarshal(body, &list) == nil {
				if email := pick(list); email != "" {
					raw[verifiedEmailKey] = email
				}
			}
		}
		return raw, nil
	}
}

const verifiedEmailKey = "__verifiedEmail"

// primaryVerified picks {email, verified, primary} from a JSON list.
func primaryVerified(emailKey, verifiedKey, primaryKey string) func(list any) string {
	return func(list any) string {
		if m, ok := list.(map[string]any); ok { // {"values": [...]}
			list = m["values"]
		}
		items, _ := list.([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			if m != nil && truthy(m, verifiedKey) && (primaryKey == "" || truthy(m, primaryKey)) {
				return str(m, emailKey)
			}
		}
		return ""
	}
}
