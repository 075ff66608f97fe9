package apis

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/realtime"
)

// OAuth2RealtimeTopic is the realtime topic of the SDK's OAuth2 popup flow:
// the client subscribes to it and uses its realtime client id as the OAuth2
// state; the provider's redirect to /api/oauth2-redirect hands the code to
// that client.
const OAuth2RealtimeTopic = "@oauth2"

// appleNameStoreKey prefixes the app store key of the user name Apple posts
// to the redirect once (keyed by the code, read by auth-with-oauth2).
const appleNameStoreKey = "@hbOAuth2AppleName_"

const (
	msgOAuth2RedirectFailed = "Failed to authenticate. You can close this window and go back to the app to try again."
	msgOAuth2RedirectDone   = "Auth completed. You can close this window and go back to the app."
)

func bindOAuth2RedirectApi(r *Router) {
	r.GET("/api/oauth2-redirect", oauth2Redirect)
	// providers using response_mode=form_post (Apple) POST it
	r.POST("/api/oauth2-redirect", oauth2Redirect)
	r.GET("/api/collections/meta/oauth2-providers", collectionsOAuth2Providers)
	r.POST("/api/settings/apple/generate-client-secret", settingsAppleClientSecret)
}

type oauth2RedirectData struct {
	State     string `json:"state"`
	Code      string `json:"code"`
	Error     string `json:"error,omitempty"`
	AppleUser string `json:"-"`
}

// oauth2Redirect forwards the provider's answer to the realtime client
// whose id is the state, once; the client must still be subscribed to
// @oauth2 and, as a guard against a stolen state, come from the same IP.
func oauth2Redirect(e *core.RequestEvent) error {
	data := oauth2RedirectData{}
	if e.Request.Method == http.MethodPost {
		var form struct {
			State string `json:"state"`
			Code  string `json:"code"`
			Error string `json:"error"`
			User  string `json:"user"`
		}
		if err := e.BindBody(&form); err != nil {
			return oauth2RedirectFailure(e, "unreadable redirect body", err)
		}
		data = oauth2RedirectData{State: form.State, Code: form.Code, Error: form.Error, AppleUser: form.User}
	} else {
		q := e.Request.URL.Query()
		data = oauth2RedirectData{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error")}
	}
	if data.State == "" {
		return oauth2RedirectFailure(e, "missing state", nil)
	}
	client, err := e.App.SubscriptionsBroker().ClientById(data.State)
	if err != nil || client.IsDiscarded() || !client.HasSubscription(OAuth2RealtimeTopic) {
		return oauth2RedirectFailure(e, "no realtime client waiting for this state", err)
	}
	defer client.Unsubscribe(OAuth2RealtimeTopic)
	if ip, _ := client.Get(RealtimeClientIPKey).(string); ip != "" && ip != e.RealIP() {
		return oauth2RedirectFailure(e, "the redirect comes from another IP than the realtime client", nil)
	}
	if data.AppleUser != "" && data.Error == "" && data.Code != "" {
		if err := storeAppleName(e.App, data.Code, data.AppleUser); err != nil {
			e.App.Logger().Debug("unreadable Apple user name", "error", err)
		}
	}
	payload, err := json.Marshal(data)
	if err != nil {
		return oauth2RedirectFailure(e, "encode the redirect data", err)
	}
	client.Send(realtime.Message{Name: OAuth2RealtimeTopic, Data: payload})
	if data.Error != "" || data.Code == "" {
		return oauth2RedirectFailure(e, "the provider answered an error or no code", errors.New(data.Error))
	}
	return e.HTML(http.StatusOK, msgOAuth2RedirectDone)
}

func oauth2RedirectFailure(e *core.RequestEvent, why string, err error) error {
	e.App.Logger().Debug("OAuth2 redirect failed: "+why, "error", err)
	return e.String(http.StatusOK, msgOAuth2RedirectFailed)
}

// storeAppleName keeps for a minute the name Apple posts with the first
// redirect only (a JSON "user" form value), for auth-with-oauth2 to use.
func storeAppleName(app *core.App, code, user string) error {
	if len(code) > 1000 {
		return errors.New("code too long")
	}
	var v struct {
		Name struct {
			FirstName string `json:"firstName"`
			LastName  string `json:"lastName"`
		} `json:"name"`
	}
	if err := json.Unmarshal([]byte(user), &v); err != nil {
		return err
	}
	name := strings.TrimSpace(v.Name.FirstName + " " + v.Name.LastName)
	if len(name) > 150 {
		name = name[:150]
	}
	if name == "" {
		return nil
	}
	key := appleNameStoreKey + code
	app.Store().Set(key, name)
	time.AfterFunc(time.Minute, func() { app.Store().Remove(key) })
	return nil
}
