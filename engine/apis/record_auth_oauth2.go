package apis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/auth"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/pocketbase/dbx"
	"golang.org/x/oauth2"
)

const msgOAuth2Disabled = "The collection is not configured to allow OAuth2 authentication."

// oauth2ExchangeTimeout bounds the code exchange and the user info request.
const oauth2ExchangeTimeout = 30 * time.Second

// recordAuthWithOAuth2 exchanges a provider's code for its user and signs
// the matching record in: the one linked in _externalAuths, else the
// authenticated caller (linking), else the record with the provider's
// verified email, else a new record created under the collection's
// createRule (createData wins over the mapped fields).
func recordAuthWithOAuth2(e *core.RequestEvent) error {
	collection, err := findAuthCollection(e)
	if err != nil {
		return err
	}
	if collection.OAuth2 == nil || !collection.OAuth2.Enabled {
		return router.NewForbiddenError(msgOAuth2Disabled, nil)
	}
	var body struct {
		Provider     string         `json:"provider"`
		Code         string         `json:"code"`
		CodeVerifier string         `json:"codeVerifier"`
		RedirectURL  string         `json:"redirectURL"`
		RedirectUrl  string         `json:"redirectUrl"` // the older SDKs' name
		CreateData   map[string]any `json:"createData"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	if body.RedirectURL == "" {
		body.RedirectURL = body.RedirectUrl
	}
	errs := validation.Errors{}
	config, configured := collection.OAuth2.GetProviderConfig(body.Provider)
	switch {
	case body.Provider == "":
		errs["provider"] = validation.Required()
	case !configured:
		errs["provider"] = validation.NewError("validation_invalid_provider", "Provider with name "+body.Provider+" is missing or is not enabled.").
			SetParams(map[string]any{"name": body.Provider})
	}
	if body.Code == "" {
		errs["code"] = validation.Required()
	}
	if err := errs.Filter(); err != nil {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", err)
	}
	setRequestContext(e, core.RequestContextOAuth2)

	provider, err := config.InitProvider()
	if err != nil {
		return router.NewInternalServerError("Failed to init provider "+body.Provider, err)
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), oauth2ExchangeTimeout)
	defer cancel()
	provider.SetContext(ctx)
	provider.SetRedirectURL(body.RedirectURL)
	var opts []oauth2.AuthCodeOption
	if provider.PKCE() {
		opts = append(opts, oauth2.SetAuthURLParam("code_verifier", body.CodeVerifier))
	}
	token, err := provider.FetchToken(body.Code, opts...)
	if err != nil {
		e.App.Logger().Debug("OAuth2 code exchange failed", "provider", body.Provider, "error", err)
		return router.NewBadRequestError("Failed to fetch OAuth2 token.", nil)
	}
	user, err := provider.FetchAuthUser(token)
	if err != nil {
		e.App.Logger().Debug("OAuth2 user fetch failed", "provider", body.Provider, "error", err)
		return router.NewBadRequestError("Failed to fetch OAuth2 user.", nil)
	}
	if user.Id == "" {
		return router.NewBadRequestError("Failed to fetch OAuth2 user.", errors.New("the provider gave no user id"))
	}
	if body.Provider == auth.NameApple && user.Name == "" {
		if name, ok := e.App.Store().Get(appleNameStoreKey + body.Code).(string); ok {
			e.App.Store().Remove(appleNameStoreKey + body.Code)
			user.Name = name
		}
	}

	var record *core.Record
	link, err := e.App.FindExternalAuth(collection.Id, body.Provider, user.Id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	switch {
	case link != nil:
		if record, err = e.App.FindRecordById(collection, link.GetString("recordRef")); err != nil {
			return err
		}
	case e.Auth != nil && e.Auth.Collection().Id == collection.Id:
		record = e.Auth
	case user.Email != "":
		record, err = e.App.FindAuthRecordByEmail(collection, user.Email)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}

	event := &core.RecordAuthWithOAuth2RequestEvent{
		RequestEvent: *e, ProviderName: body.Provider, ProviderClient: provider,
		Record: record, OAuth2User: user, CreateData: body.CreateData, IsNewRecord: record == nil,
	}
	event.Collection = collection
	return e.App.OnRecordAuthWithOAuth2Request().Trigger(event, func(ev *core.RecordAuthWithOAuth2RequestEvent) error {
		if err := oauth2Submit(ev, link); err != nil {
			var apiErr *router.ApiError
			if errors.As(err, &apiErr) {
				return apiErr
			}
			ev.App.Logger().Debug("OAuth2 sign-in failed", "provider", ev.ProviderName, "error", err)
			return router.NewBadRequestError("Failed to authenticate.", nil)
		}
		meta := map[string]any{}
		raw, err := json.Marshal(ev.OAuth2User)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			return err
		}
		meta["isNew"] = ev.IsNewRecord
		return RecordAuthResponse(&ev.RequestEvent, ev.Record, core.MFAMethodOAuth2, meta)
	})
}

// oauth2Submit creates or updates the record and its provider link in one
// transaction.
func oauth2Submit(e *core.RecordAuthWithOAuth2RequestEvent, link *core.Record) error {
	return e.App.RunInTransaction(func(txApp *core.App) error {
		if e.Record == nil {
			if e.Collection.Name == core.CollectionNameSuperusers {
				return errors.New("superusers cannot sign up with OAuth2")
			}
			created, err := createOAuth2Record(txApp, e)
			if err != nil {
				return err
			}
			e.Record = created
			if created.Email() != "" && created.Email() == e.OAuth2User.Email && !created.Verified() {
				created.SetVerified(true)
				if err := txApp.Save(created); err != nil {
					return err
				}
			}
		} else {
			changed := false
			signedIn := e.Auth != nil && e.Auth.Id == e.Record.Id && e.Auth.Collection().Id == e.Record.Collection().Id
			if !e.Record.Verified() {
				// an unproven account may have been pre-registered by someone
				// else: its password and old links go
				if !signedIn {
					e.Record.SetPassword(security.RandomString(30))
					changed = true
				}
				if err := txApp.DeleteAllExternalAuthsByRecord(e.Record); err != nil {
					return err
				}
				link = nil
			}
			if e.Record.Email() == "" && e.OAuth2User.Email != "" {
				e.Record.SetEmail(e.OAuth2User.Email)
				changed = true
			}
			if !e.Record.Verified() && (e.Record.Email() == "" || e.Record.Email() == e.OAuth2User.Email) {
				e.Record.SetVerified(true)
				changed = true
			}
			if changed {
				if err := txApp.Save(e.Record); err != nil {
					return err
				}
			}
		}
		if link == nil {
			ea, err := txApp.NewExternalAuth(e.Record, e.ProviderName, e.OAuth2User.Id)
			if err != nil {
				return err
			}
			if err := txApp.Save(ea); err != nil {
				return fmt.Errorf("save the OAuth2 link: %w", err)
			}
		}
		return nil
	})
}

// createOAuth2Record creates the record of a first OAuth2 sign-in the way
// the create API would (createRule, OnRecordCreateRequest), from createData
// plus the mapped fields the client did not set.
func createOAuth2Record(txApp *core.App, e *core.RecordAuthWithOAuth2RequestEvent) (*core.Record, error) {
	c := e.Collection
	data := maps.Clone(e.CreateData)
	if data == nil {
		data = map[string]any{}
	}
	if v, _ := data[core.FieldNameEmail].(string); v == "" {
		data[core.FieldNameEmail] = e.OAuth2User.Email
	}
	mapped := c.OAuth2.MappedFields
	setMapped := func(field, value string) {
		if field == "" || value == "" || c.Fields.GetByName(field) == nil {
			return
		}
		if _, ok := data[field]; !ok {
			data[field] = value
		}
	}
	setMapped(mapped.Id, e.OAuth2User.Id)
	setMapped(mapped.Name, e.OAuth2User.Name)
	if mapped.Username != "" && usernameAvailable(txApp, c, mapped.Username, e.OAuth2User.Username) {
		setMapped(mapped.Username, e.OAuth2User.Username)
	}
	if f := c.Fields.GetByName(mapped.AvatarURL); f != nil && e.OAuth2User.AvatarURL != "" {
		if _, given := data[mapped.AvatarURL]; !given {
			if f.Type() != core.FieldTypeFile {
				data[mapped.AvatarURL] = e.OAuth2User.AvatarURL
			} else if file, err := downloadOAuth2Avatar(e.Request.Context(), e.ProviderClient, e.OAuth2User.AvatarURL); err != nil {
				// a missing avatar must not block the sign-up
				txApp.Logger().Warn("failed to download the OAuth2 avatar", "error", err)
			} else {
				data[mapped.AvatarURL] = []any{file}
			}
		}
	}
	// the account has no password of its own yet
	if _, ok := data[core.FieldNamePassword]; !ok {
		pass := security.RandomString(30)
		data[core.FieldNamePassword], data[keyPasswordConfirm] = pass, pass
	}

	info, err := e.RequestInfo()
	if err != nil {
		return nil, err
	}
	createInfo := info.Clone()
	createInfo.Body = data
	createInfo.Context = core.RequestContextOAuth2
	superuser := createInfo.HasSuperuserAuth()
	if c.CreateRule == nil && !superuser {
		return nil, router.NewForbiddenError(msgOnlySuperusers, nil)
	}
	record := core.NewRecord(c)
	form := newRecordForm(record, superuser)
	form.load(data, true)
	if !superuser && *c.CreateRule != "" {
		check := record.Clone()
		check.SetVerified(false)
		if ok, err := txApp.CheckRecordRule(check, createInfo, c.CreateRule); err != nil || !ok {
			return nil, router.NewBadRequestError(msgFailedCreateRecord, nil)
		}
	}

	createEvent := &core.RecordRequestEvent{RequestEvent: e.RequestEvent, Record: record}
	createEvent.App = txApp
	createEvent.Collection = c
	// the create rule and hooks see the create payload; the login's own
	// request info comes back afterwards (it is shared by the events)
	createEvent.SetRequestInfo(createInfo)
	defer e.SetRequestInfo(info)
	err = txApp.OnRecordCreateRequest().Trigger(createEvent, func(ev *core.RecordRequestEvent) error {
		form.record = ev.Record
		if err := form.submit(ev.App, ev); err != nil {
			return recordSaveError(err, msgFailedCreateRecord)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return createEvent.Record, nil
}

// usernameAvailable reports whether the provider's username may go into
// the mapped field: not empty and not taken by another record.
func usernameAvailable(app *core.App, c *core.Collection, field, username string) bool {
	if username == "" || c.Fields.GetByName(field) == nil {
		return false
	}
	list, err := app.FindRecordsByQuery(c, app.RecordQuery(c).
		AndWhere(dbx.NewExp("LOWER([["+c.Name+"."+field+"]]) = LOWER({:v})", dbx.Params{"v": username})).Limit(1))
	return err == nil && len(list) == 0
}
