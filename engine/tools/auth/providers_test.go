package auth

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"
)

// TestProvidersMapTheirUsers serves each provider's user info shape from a
// real HTTP server and checks the AuthUser it maps to (verified emails only).
func TestProvidersMapTheirUsers(t *testing.T) {
	cases := []struct {
		name    string
		paths   map[string]string // path → JSON answered
		want    AuthUser
		headers map[string]string // request headers the provider must send
	}{
		{name: "google", paths: map[string]string{"/": `{"sub":"g1","name":"Ann","picture":"https://x/a.png","email":"ann@g.test","email_verified":true}`},
			want: AuthUser{Id: "g1", Name: "Ann", AvatarURL: "https://x/a.png", Email: "ann@g.test"}},
		{name: "oidc", paths: map[string]string{"/": `{"sub":"o1","name":"O","preferred_username":"oo","email":"o@o.test","email_verified":false}`},
			want: AuthUser{Id: "o1", Name: "O", Username: "oo"}},
		{name: "github", paths: map[string]string{
			"/":       `{"id":42,"name":"Gh","login":"gh","avatar_url":"https://x/gh.png"}`,
			"/emails": `[{"email":"old@gh.test","verified":true,"primary":false},{"email":"gh@gh.test","verified":true,"primary":true}]`},
			want: AuthUser{Id: "42", Name: "Gh", Username: "gh", AvatarURL: "https://x/gh.png", Email: "gh@gh.test"}},
		{name: "gitlab", paths: map[string]string{"/": `{"id":7,"name":"Gl","username":"gl","email":"gl@gl.test","avatar_url":"a","confirmed_at":""}`},
			want: AuthUser{Id: "7", Name: "Gl", Username: "gl", AvatarURL: "a"}},
		{name: "discord", paths: map[string]string{"/": `{"id":"d1","username":"dd","global_name":"","avatar":"hash","email":"d@d.test","verified":true}`},
			want: AuthUser{Id: "d1", Name: "dd", Username: "dd", Email: "d@d.test", AvatarURL: "https://cdn.discordapp.com/avatars/d1/hash.png"}},
		{name: "facebook", paths: map[string]string{"/": `{"id":"f1","name":"Fb","email":"f@f.test","picture":{"data":{"url":"https://x/f.png"}}}`},
			want: AuthUser{Id: "f1", Name: "Fb", Email: "f@f.test", AvatarURL: "https://x/f.png"}},
		{name: "twitch", headers: map[string]string{"Client-Id": "cid"},
			paths: map[string]string{"/": `{"data":[{"id":"t1","login":"tt","display_name":"Tt","email":"t@t.test","profile_image_url":"p"}]}`},
			want:  AuthUser{Id: "t1", Name: "Tt", Username: "tt", Email: "t@t.test", AvatarURL: "p"}},
		{name: "twitter", paths: map[string]string{"/": `{"data":{"id":"x1","name":"X","username":"xx","confirmed_email":"x@x.test","profile_image_url":"p"}}`},
			want: AuthUser{Id: "x1", Name: "X", Username: "xx", Email: "x@x.test", AvatarURL: "p"}},
		{name: "kakao", paths: map[string]string{"/": `{"id":5,"properties":{"nickname":"kk","profile_image":"p"},"kakao_account":{"email":"k@k.test","is_email_verified":true,"is_email_valid":false}}`},
			want: AuthUser{Id: "5", Username: "kk", AvatarURL: "p"}},
		{name: "patreon", paths: map[string]string{"/": `{"data":{"id":"p1","attributes":{"full_name":"P","vanity":"pp","image_url":"i","email":"p@p.test","is_email_verified":true}}}`},
			want: AuthUser{Id: "p1", Name: "P", Username: "pp", AvatarURL: "i", Email: "p@p.test"}},
		{name: "bitbucket", paths: map[string]string{
			"/":       `{"uuid":"{b1}","display_name":"B","username":"bb","links":{"avatar":{"href":"h"}}}`,
			"/emails": `{"values":[{"email":"b@b.test","is_primary":true,"is_confirmed":true}]}`},
			want: AuthUser{Id: "{b1}", Name: "B", Username: "bb", AvatarURL: "h", Email: "b@b.test"}},
		{name: "notion", headers: map[string]string{"Notion-Version": "2022-06-28"},
			paths: map[string]string{"/": `{"bot":{"owner":{"user":{"id":"n1","name":"N","avatar_url":"a","person":{"email":"n@n.test"}}}}}`},
			want:  AuthUser{Id: "n1", Name: "N", AvatarURL: "a", Email: "n@n.test"}},
		{name: "linear", paths: map[string]string{"/": `{"data":{"viewer":{"id":"l1","name":"L","displayName":"ll","email":"l@l.test","avatarUrl":"a","active":true}}}`},
			want: AuthUser{Id: "l1", Name: "L", Username: "ll", Email: "l@l.test", AvatarURL: "a"}},
		{name: "strava", paths: map[string]string{"/": `{"id":9,"firstname":"S","lastname":"V","username":"sv","profile":"p"}`},
			want: AuthUser{Id: "9", Name: "S V", Username: "sv", AvatarURL: "p"}},
		{name: "trakt", headers: map[string]string{"trakt-api-key": "cid", "trakt-api-version": "2"},
			paths: map[string]string{"/": `{"user":{"username":"tr","name":"Tr","ids":{"uuid":"u1"},"images":{"avatar":{"full":"f"}}}}`},
			want:  AuthUser{Id: "u1", Name: "Tr", Username: "tr", AvatarURL: "f"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var (
				mu  sync.Mutex // the handler runs on the server's goroutines
				bad []string
			)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				if r.Header.Get("Authorization") != "Bearer tok" {
					bad = append(bad, "no bearer token")
				}
				for k, v := range tc.headers {
					if r.Header.Get(k) != v {
						bad = append(bad, "header "+k)
					}
				}
				body, ok := tc.paths[strings.TrimPrefix(r.URL.Path, "/u")]
				if !ok {
					body, ok = tc.paths[r.URL.Path]
				}
				if !ok {
					http.NotFound(w, r)
					return
				}
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			p, err := NewProvider(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			p.SetClientId("cid")
			p.SetUserInfoURL(srv.URL + "/u")
			if tc.paths["/"] != "" {
				tc.paths[""] = tc.paths["/"]
			}
			user, err := p.FetchAuthUser(&oauth2.Token{AccessToken: "tok", TokenType: "Bearer"})
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(bad) > 0 {
				t.Fatalf("requests: %v", bad)
			}
			got := *user
			if got.RawUser == nil || got.AccessToken != "tok" {
				t.Fatalf("raw user and tokens must be kept: %+v", got)
			}
			if _, leaked := got.RawUser[verifiedEmailKey]; leaked {
				t.Fatal("helper key leaked into rawUser")
			}
			got.RawUser, got.AccessToken = nil, ""
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestEveryPocketBaseProviderIsRegistered keeps the list complete.
func TestEveryPocketBaseProviderIsRegistered(t *testing.T) {
	want := []string{"apple", "bitbucket", "box", "discord", "facebook", "gitea", "gitee", "github", "gitlab", "google",
		"instagram2", "kakao", "lark", "linear", "livechat", "mailcow", "microsoft", "monday", "notion", "oidc", "oidc2",
		"oidc3", "patreon", "planningcenter", "spotify", "strava", "trakt", "twitch", "twitter", "vk", "wakatime", "yandex"}
	got, _ := json.Marshal(Names())
	exp, _ := json.Marshal(want)
	if string(got) != string(exp) {
		t.Fatalf("providers\n got %s\nwant %s", got, exp)
	}
	for _, name := range want {
		p, _ := NewProvider(name)
		if p.DisplayName() == "" || (name != "mailcow" && !strings.HasPrefix(name, "oidc") && p.AuthURL() == "") {
			t.Errorf("%s: incomplete defaults", name)
		}
	}
}
