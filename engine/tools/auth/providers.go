package auth

import (
	"strings"

	"github.com/spf13/cast"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/endpoints"
)

// The providers PocketBase offers, each as data: endpoints, scopes, PKCE
// and how its user maps. Emails are kept only when the provider says they
// are verified (or only hands out verified ones).
func init() {
	RegisterConfig(Config{
		Name: "google", DisplayName: "Google", PKCE: true,
		AuthURL: "https://accounts.google.com/o/oauth2/v2/auth", TokenURL: "https://oauth2.googleapis.com/token",
		UserInfoURL: "https://www.googleapis.com/oauth2/v3/userinfo",
		Scopes:      []string{"https://www.googleapis.com/auth/userinfo.profile", "https://www.googleapis.com/auth/userinfo.email"},
		Map:         mapOIDCClaims,
	})
	RegisterConfig(Config{
		Name: "github", DisplayName: "GitHub", PKCE: true,
		AuthURL: endpoints.GitHub.AuthURL, TokenURL: endpoints.GitHub.TokenURL,
		UserInfoURL: "https://api.github.com/user", Scopes: []string{"read:user", "user:email"},
		Fetch: withVerifiedEmailList(func(p *ConfigProvider) string { return p.UserInfoURL() + "/emails" },
			primaryVerified("email", "verified", "primary")),
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "name"), Username: str(raw, "login"),
				AvatarURL: str(raw, "avatar_url"), Email: str(raw, verifiedEmailKey)}
		},
	})
	RegisterConfig(Config{
		Name: "gitlab", DisplayName: "GitLab", PKCE: true,
		AuthURL: "https://gitlab.com/oauth/authorize", TokenURL: "https://gitlab.com/oauth/token",
		UserInfoURL: "https://gitlab.com/api/v4/user", Scopes: []string{"read_user"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "name"), Username: str(raw, "username"),
				AvatarURL: str(raw, "avatar_url"), Email: when(str(raw, "confirmed_at") != "", str(raw, "email"))}
		},
	})
	RegisterConfig(Config{
		Name: "discord", DisplayName: "Discord", PKCE: true,
		AuthURL: "https://discord.com/api/oauth2/authorize", TokenURL: "https://discord.com/api/oauth2/token",
		UserInfoURL: "https://discord.com/api/users/@me", Scopes: []string{"identify", "email"},
		Map: func(raw map[string]any) AuthUser {
			id, avatar := str(raw, "id"), str(raw, "avatar")
			u := AuthUser{Id: id, Name: str(raw, "global_name"), Username: str(raw, "username"),
				Email: when(truthy(raw, "verified"), str(raw, "email"))}
			if u.Name == "" {
				u.Name = u.Username
			}
			if avatar != "" {
				u.AvatarURL = "https://cdn.discordapp.com/avatars/" + id + "/" + avatar + ".png"
			}
			return u
		},
	})
	RegisterConfig(Config{
		Name: "facebook", DisplayName: "Facebook", PKCE: true,
		AuthURL: endpoints.Facebook.AuthURL, TokenURL: endpoints.Facebook.TokenURL,
		UserInfoURL: "https://graph.facebook.com/me?fields=name,email,picture.type(large)", Scopes: []string{"email"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "name"), Email: str(raw, "email"),
				AvatarURL: str(raw, "picture.data.url")}
		},
	})
	ms := endpoints.AzureAD("common")
	RegisterConfig(Config{
		Name: "microsoft", DisplayName: "Microsoft", PKCE: true,
		AuthURL: ms.AuthURL, TokenURL: ms.TokenURL,
		UserInfoURL: "https://graph.microsoft.com/v1.0/me", Scopes: []string{"User.Read"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "displayName"), Email: str(raw, "mail")}
		},
	})
	RegisterConfig(Config{
		Name: "twitter", DisplayName: "X/Twitter", PKCE: true,
		AuthURL: "https://x.com/i/oauth2/authorize", TokenURL: "https://api.x.com/2/oauth2/token",
		UserInfoURL: "https://api.x.com/2/users/me?user.fields=id,name,username,profile_image_url,confirmed_email",
		Scopes:      []string{"users.read", "users.email", "tweet.read"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "data.id"), Name: str(raw, "data.name"), Username: str(raw, "data.username"),
				Email: str(raw, "data.confirmed_email"), AvatarURL: str(raw, "data.profile_image_url")}
		},
	})
	RegisterConfig(Config{
		Name: "spotify", DisplayName: "Spotify", PKCE: true,
		AuthURL: endpoints.Spotify.AuthURL, TokenURL: endpoints.Spotify.TokenURL,
		UserInfoURL: "https://api.spotify.com/v1/me", Scopes: []string{"user-read-private", "user-read-email"},
		Map: func(raw map[string]any) AuthUser {
			// Spotify does not say whether the email is verified
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "display_name"), AvatarURL: str(first(raw, "images"), "url")}
		},
	})
	RegisterConfig(Config{
		Name: "twitch", DisplayName: "Twitch", PKCE: true,
		AuthURL: endpoints.Twitch.AuthURL, TokenURL: endpoints.Twitch.TokenURL,
		UserInfoURL: "https://api.twitch.tv/helix/users", Scopes: []string{"user:read:email"},
		Fetch: func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
			raw, _, err := p.fetchJSON(token, "", "Client-Id", p.ClientId())
			return raw, err
		},
		Map: func(raw map[string]any) AuthUser {
			d := first(raw, "data")
			return AuthUser{Id: str(d, "id"), Name: str(d, "display_name"), Username: str(d, "login"),
				Email: str(d, "email"), AvatarURL: str(d, "profile_image_url")}
		},
	})
	RegisterConfig(Config{
		Name: "kakao", DisplayName: "Kakao", PKCE: true,
		AuthURL: endpoints.KaKao.AuthURL, TokenURL: endpoints.KaKao.TokenURL,
		UserInfoURL: "https://kapi.kakao.com/v2/user/me", Scopes: []string{"account_email", "profile_nickname", "profile_image"},
		Map: func(raw map[string]any) AuthUser {
			ok := truthy(raw, "kakao_account.is_email_verified") && truthy(raw, "kakao_account.is_email_valid")
			return AuthUser{Id: str(raw, "id"), Username: str(raw, "properties.nickname"),
				AvatarURL: str(raw, "properties.profile_image"), Email: when(ok, str(raw, "kakao_account.email"))}
		},
	})
	RegisterConfig(Config{
		Name: "strava", DisplayName: "Strava", PKCE: true,
		AuthURL: "https://www.strava.com/oauth/authorize", TokenURL: "https://www.strava.com/api/v3/oauth/token",
		UserInfoURL: "https://www.strava.com/api/v3/athlete", Scopes: []string{"profile:read_all"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "id"), Name: strings.TrimSpace(str(raw, "firstname") + " " + str(raw, "lastname")),
				Username: str(raw, "username"), AvatarURL: str(raw, "profile")}
		},
	})
	RegisterConfig(Config{
		Name: "livechat", DisplayName: "LiveChat", PKCE: true,
		AuthURL: "https://accounts.livechat.com/", TokenURL: "https://accounts.livechat.com/token",
		UserInfoURL: "https://accounts.livechat.com/v2/accounts/me", Scopes: []string{},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "account_id"), Name: str(raw, "name"), AvatarURL: str(raw, "avatar_url"),
				Email: when(truthy(raw, "email_verified"), str(raw, "email"))}
		},
	})
	RegisterConfig(Config{
		Name: "gitee", DisplayName: "Gitee", PKCE: true,
		AuthURL: "https://gitee.com/oauth/authorize", TokenURL: "https://gitee.com/oauth/token",
		UserInfoURL: "https://gitee.com/api/v5/user", Scopes: []string{"user_info", "emails"},
		Fetch: withVerifiedEmailList(func(*ConfigProvider) string { return "https://gitee.com/api/v5/emails" },
			func(list any) string {
				items, _ := list.([]any)
				for _, it := range items {
					m, _ := it.(map[string]any)
					if m != nil && str(m, "state") == "confirmed" && strings.Contains(strings.Join(cast.ToStringSlice(m["scope"]), ","), "primary") {
						return str(m, "email")
					}
				}
				return ""
			}),
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "name"), Username: str(raw, "login"),
				AvatarURL: str(raw, "avatar_url"), Email: str(raw, verifiedEmailKey)}
		},
	})
	RegisterConfig(Config{
		Name: "gitea", DisplayName: "Gitea/Forgejo", PKCE: true,
		AuthURL: "https://gitea.com/login/oauth/authorize", TokenURL: "https://gitea.com/login/oauth/access_token",
		UserInfoURL: "https://gitea.com/api/v1/user", Scopes: []string{"read:user", "user:email"},
		Fetch: withVerifiedEmailList(func(p *ConfigProvider) string { return p.UserInfoURL() + "/emails" },
			primaryVerified("email", "verified", "primary")),
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "full_name"), Username: str(raw, "login"),
				AvatarURL: str(raw, "avatar_url"), Email: str(raw, verifiedEmailKey)}
		},
	})
	RegisterConfig(Config{
		Name: "bitbucket", DisplayName: "Bitbucket", PKCE: false,
		AuthURL: "https://bitbucket.org/site/oauth2/authorize", TokenURL: "https://bitbucket.org/site/oauth2/access_token",
		UserInfoURL: "https://api.bitbucket.org/2.0/user", Scopes: []string{"account"},
		Fetch: withVerifiedEmailList(func(p *ConfigProvider) string { return p.UserInfoURL() + "/emails" },
			primaryVerified("email", "is_confirmed", "is_primary")),
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "uuid"), Name: str(raw, "display_name"), Username: str(raw, "username"),
				AvatarURL: str(raw, "links.avatar.href"), Email: str(raw, verifiedEmailKey)}
		},
	})
	RegisterConfig(Config{
		Name: "patreon", DisplayName: "Patreon", PKCE: true,
		AuthURL: endpoints.Patreon.AuthURL, TokenURL: endpoints.Patreon.TokenURL,
		UserInfoURL: "https://www.patreon.com/api/oauth2/v2/identity?fields%5Buser%5D=full_name,email,vanity,image_url,is_email_verified",
		Scopes:      []string{"identity", "identity[email]"},
		Map: func(raw map[string]any) AuthUser {
			a := "data.attributes."
			return AuthUser{Id: str(raw, "data.id"), Name: str(raw, a+"full_name"), Username: str(raw, a+"vanity"),
				AvatarURL: str(raw, a+"image_url"), Email: when(truthy(raw, a+"is_email_verified"), str(raw, a+"email"))}
		},
	})
	RegisterConfig(Config{
		Name: "yandex", DisplayName: "Yandex", PKCE: true,
		AuthURL: endpoints.Yandex.AuthURL, TokenURL: endpoints.Yandex.TokenURL,
		UserInfoURL: "https://login.yandex.ru/info", Scopes: []string{"login:email", "login:avatar", "login:info"},
		Map: func(raw map[string]any) AuthUser {
			u := AuthUser{Id: str(raw, "id"), Name: str(raw, "real_name"), Username: str(raw, "login"), Email: str(raw, "default_email")}
			if !truthy(raw, "is_avatar_empty") && str(raw, "default_avatar_id") != "" {
				u.AvatarURL = "https://avatars.yandex.net/get-yapic/" + str(raw, "default_avatar_id") + "/islands-200"
			}
			return u
		},
	})
	RegisterConfig(Config{
		Name: "vk", DisplayName: "ВКонтакте", PKCE: false,
		AuthURL: endpoints.Vk.AuthURL, TokenURL: endpoints.Vk.TokenURL,
		UserInfoURL: "https://api.vk.com/method/users.get?fields=photo_max,screen_name&v=5.131", Scopes: []string{"email"},
		Fetch: func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
			raw, _, err := p.fetchJSON(token, "")
			if err == nil {
				// VK hands the (verified) email with the token, not the user
				if email := cast.ToString(token.Extra("email")); email != "" {
					raw[verifiedEmailKey] = email
				}
			}
			return raw, err
		},
		Map: func(raw map[string]any) AuthUser {
			r := first(raw, "response")
			return AuthUser{Id: str(r, "id"), Name: strings.TrimSpace(str(r, "first_name") + " " + str(r, "last_name")),
				Username: str(r, "screen_name"), AvatarURL: str(r, "photo_max"), Email: str(raw, verifiedEmailKey)}
		},
	})
	RegisterConfig(Config{
		Name: "box", DisplayName: "Box", PKCE: true,
		AuthURL: "https://account.box.com/api/oauth2/authorize", TokenURL: "https://api.box.com/oauth2/token",
		UserInfoURL: "https://api.box.com/2.0/users/me", Scopes: []string{"root_readonly"},
		Map: func(raw map[string]any) AuthUser {
			// Box only authorizes accounts with a verified login email
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "name"), Username: str(raw, "login"),
				Email: str(raw, "login"), AvatarURL: str(raw, "avatar_url")}
		},
	})
	RegisterConfig(Config{
		Name: "mailcow", DisplayName: "mailcow", PKCE: true, Scopes: []string{"profile"},
		Map: func(raw map[string]any) AuthUser {
			// a mailcow account is its mailbox; inactive ones get no email
			return AuthUser{Id: str(raw, "id"), Name: str(raw, "full_name"), Username: str(raw, "username"),
				Email: when(str(raw, "active") == "1", str(raw, "email"))}
		},
	})
	RegisterConfig(Config{
		Name: "instagram2", DisplayName: "Instagram", PKCE: true,
		AuthURL: "https://www.instagram.com/oauth/authorize", TokenURL: "https://api.instagram.com/oauth/access_token",
		UserInfoURL: "https://graph.instagram.com/me?fields=id,username,account_type,user_id,name,profile_picture_url,followers_count,follows_count,media_count",
		Scopes:      []string{"instagram_business_basic"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "user_id"), Name: str(raw, "name"), Username: str(raw, "username"),
				AvatarURL: str(raw, "profile_picture_url")}
		},
	})
	RegisterConfig(Config{
		Name: "wakatime", DisplayName: "WakaTime", PKCE: true,
		AuthURL: "https://wakatime.com/oauth/authorize", TokenURL: "https://wakatime.com/oauth/token",
		UserInfoURL: "https://wakatime.com/api/v1/users/current", Scopes: []string{"email"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "data.id"), Name: str(raw, "data.display_name"), Username: str(raw, "data.username"),
				Email:     when(truthy(raw, "data.is_email_confirmed"), str(raw, "data.email")),
				AvatarURL: when(truthy(raw, "data.photo_public"), str(raw, "data.photo"))}
		},
	})
	RegisterConfig(Config{
		Name: "planningcenter", DisplayName: "Planning Center", PKCE: true,
		AuthURL: "https://api.planningcenteronline.com/oauth/authorize", TokenURL: "https://api.planningcenteronline.com/oauth/token",
		UserInfoURL: "https://api.planningcenteronline.com/people/v2/me", Scopes: []string{"people"},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "data.id"), Name: str(raw, "data.attributes.name"), AvatarURL: str(raw, "data.attributes.avatar")}
		},
	})
	RegisterConfig(Config{
		Name: "notion", DisplayName: "Notion", PKCE: true,
		AuthURL: "https://api.notion.com/v1/oauth/authorize", TokenURL: "https://api.notion.com/v1/oauth/token",
		UserInfoURL: "https://api.notion.com/v1/users/me",
		Fetch:       getWithHeaders("Notion-Version", "2022-06-28"),
		Map: func(raw map[string]any) AuthUser {
			o := "bot.owner.user."
			return AuthUser{Id: str(raw, o+"id"), Name: str(raw, o+"name"), Email: str(raw, o+"person.email"),
				AvatarURL: str(raw, o+"avatar_url")}
		},
	})
	RegisterConfig(Config{
		Name: "linear", DisplayName: "Linear", PKCE: false,
		AuthURL: "https://linear.app/oauth/authorize", TokenURL: "https://api.linear.app/oauth/token",
		UserInfoURL: "https://api.linear.app/graphql", Scopes: []string{"read"},
		Fetch: postGraphQL("query Me { viewer { id displayName name email avatarUrl active } }"),
		Map: func(raw map[string]any) AuthUser {
			v := "data.viewer."
			return AuthUser{Id: str(raw, v+"id"), Name: str(raw, v+"name"), Username: str(raw, v+"displayName"),
				Email: when(truthy(raw, v+"active"), str(raw, v+"email")), AvatarURL: str(raw, v+"avatarUrl")}
		},
	})
	RegisterConfig(Config{
		Name: "monday", DisplayName: "monday.com", PKCE: true,
		AuthURL: "https://auth.monday.com/oauth2/authorize", TokenURL: "https://auth.monday.com/oauth2/token",
		UserInfoURL: "https://api.monday.com/v2", Scopes: []string{"me:read"},
		Fetch: postGraphQL("query { me { id enabled name email is_verified photo_small }}"),
		Map: func(raw map[string]any) AuthUser {
			m := "data.me."
			return AuthUser{Id: str(raw, m+"id"), Name: str(raw, m+"name"), AvatarURL: str(raw, m+"photo_small"),
				Email: when(truthy(raw, m+"is_verified"), str(raw, m+"email"))}
		},
	})
	RegisterConfig(Config{
		Name: "trakt", DisplayName: "Trakt", PKCE: true,
		AuthURL: "https://trakt.tv/oauth/authorize", TokenURL: "https://api.trakt.tv/oauth/token",
		UserInfoURL: "https://api.trakt.tv/users/settings",
		Fetch: func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
			raw, _, err := p.fetchJSON(token, "", "trakt-api-key", p.ClientId(), "trakt-api-version", "2")
			return raw, err
		},
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "user.ids.uuid"), Name: str(raw, "user.name"), Username: str(raw, "user.username"),
				AvatarURL: str(raw, "user.images.avatar.full")}
		},
	})
	RegisterConfig(Config{
		Name: "lark", DisplayName: "Lark", PKCE: true,
		AuthURL: "https://accounts.feishu.cn/open-apis/authen/v1/authorize", TokenURL: "https://open.feishu.cn/open-apis/authen/v2/oauth/token",
		UserInfoURL: "https://open.feishu.cn/open-apis/authen/v1/user_info",
		Map: func(raw map[string]any) AuthUser {
			return AuthUser{Id: str(raw, "data.union_id"), Name: str(raw, "data.name"), AvatarURL: str(raw, "data.avatar_url")}
		},
	})
	RegisterConfig(Config{
		Name: NameApple, DisplayName: "Apple", PKCE: true,
		AuthURL: "https://appleid.apple.com/auth/authorize", TokenURL: "https://appleid.apple.com/auth/token",
		Scopes: []string{"name", "email"},
		// the user is in the id_token, checked against Apple's keys
		Fetch: func(p *ConfigProvider, token *oauth2.Token) (map[string]any, error) {
			extra := map[string]any{"jwksURL": "https://appleid.apple.com/auth/keys", "issuers": []string{"https://appleid.apple.com"}}
			for k, v := range p.Extra() {
				extra[k] = v
			}
			saved := p.Extra()
			p.SetExtra(extra)
			defer p.SetExtra(saved)
			return fetchOIDCUser(p, token)
		},
		Map: mapOIDCClaims,
	})
}
