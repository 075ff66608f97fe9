package core

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strconv"

	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/types"
)

// Collection types.
const (
	CollectionTypeBase = "base"
	CollectionTypeAuth = "auth"
	CollectionTypeView = "view"
)

// Ids and names of the built-in collections (fixed, as in PocketBase).
const (
	CollectionNameSuperusers    = "_superusers"
	CollectionNameMFAs          = "_mfas"
	CollectionNameOTPs          = "_otps"
	CollectionNameExternalAuths = "_externalAuths"
	CollectionNameAuthOrigins   = "_authOrigins"
	CollectionNameUsers         = "users"
	CollectionIdSuperusers      = "pbc_3142635823"
	CollectionIdMFAs            = "pbc_2279338944"
	CollectionIdOTPs            = "pbc_1638494021"
	CollectionIdExternalAuths   = "pbc_2281828961"
	CollectionIdAuthOrigins     = "pbc_4275539003"
	CollectionIdUsers           = "_pb_users_auth_"
)

// Collection is a table of records with its fields, indexes and API rules.
// Auth and view options are stored in the `options` column and flattened
// into the JSON, as PocketBase's API shows them.
type Collection struct {
	Id         string                  `db:"id" json:"id"`
	ListRule   *string                 `db:"listRule" json:"listRule"`
	ViewRule   *string                 `db:"viewRule" json:"viewRule"`
	CreateRule *string                 `db:"createRule" json:"createRule"`
	UpdateRule *string                 `db:"updateRule" json:"updateRule"`
	DeleteRule *string                 `db:"deleteRule" json:"deleteRule"`
	Name       string                  `db:"name" json:"name"`
	Type       string                  `db:"type" json:"type"`
	Fields     FieldsList              `db:"fields" json:"fields"`
	Indexes    types.JSONArray[string] `db:"indexes" json:"indexes"`
	Created    types.DateTime          `db:"created" json:"created"`
	Updated    types.DateTime          `db:"updated" json:"updated"`
	System     bool                    `db:"system" json:"system"`

	CollectionOptions

	isNew       bool
	lastSavedPK string
}

// CollectionOptions are the type-specific settings kept in `options`.
type CollectionOptions struct {
	// view
	ViewQuery string `json:"viewQuery,omitempty"`

	// auth
	AuthRule                   *string             `json:"authRule,omitempty"`
	ManageRule                 *string             `json:"manageRule,omitempty"`
	AuthAlert                  *AuthAlertConfig    `json:"authAlert,omitempty"`
	OAuth2                     *OAuth2Config       `json:"oauth2,omitempty"`
	PasswordAuth               *PasswordAuthConfig `json:"passwordAuth,omitempty"`
	MFA                        *MFAConfig          `json:"mfa,omitempty"`
	OTP                        *OTPConfig          `json:"otp,omitempty"`
	AuthToken                  *TokenConfig        `json:"authToken,omitempty"`
	PasswordResetToken         *TokenConfig        `json:"passwordResetToken,omitempty"`
	EmailChangeToken           *TokenConfig        `json:"emailChangeToken,omitempty"`
	VerificationToken          *TokenConfig        `json:"verificationToken,omitempty"`
	FileToken                  *TokenConfig        `json:"fileToken,omitempty"`
	VerificationTemplate       *EmailTemplate      `json:"verificationTemplate,omitempty"`
	ResetPasswordTemplate      *EmailTemplate      `json:"resetPasswordTemplate,omitempty"`
	ConfirmEmailChangeTemplate *EmailTemplate      `json:"confirmEmailChangeTemplate,omitempty"`
}

// TokenConfig holds a token's lifetime (seconds) and signing secret.
type TokenConfig struct {
	Secret   string `json:"secret,omitempty"`
	Duration int64  `json:"duration"`
}

// EmailTemplate is an auth email's subject and HTML body.
type EmailTemplate struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// AuthAlertConfig configures the new-location login email.
type AuthAlertConfig struct {
	Enabled       bool          `json:"enabled"`
	EmailTemplate EmailTemplate `json:"emailTemplate"`
}

// OAuth2Config lists the enabled OAuth2 providers.
type OAuth2Config struct {
	Providers    []OAuth2ProviderConfig `json:"providers"`
	MappedFields OAuth2KnownFields      `json:"mappedFields"`
	Enabled      bool                   `json:"enabled"`
}

// OAuth2ProviderConfig is one provider's client settings.
type OAuth2ProviderConfig struct {
	PKCE         *bool          `json:"pkce"`
	Name         string         `json:"name"`
	ClientId     string         `json:"clientId"`
	ClientSecret string         `json:"clientSecret,omitempty"`
	AuthURL      string         `json:"authURL"`
	TokenURL     string         `json:"tokenURL"`
	UserInfoURL  string         `json:"userInfoURL"`
	DisplayName  string         `json:"displayName"`
	Extra        map[string]any `json:"extra"`
}

// OAuth2KnownFields maps OAuth2 user data onto record fields.
type OAuth2KnownFields struct {
	Id        string `json:"id"`
	Name      string `json:"name"`
	Username  string `json:"username"`
	AvatarURL string `json:"avatarURL"`
}

// PasswordAuthConfig configures auth-with-password.
type PasswordAuthConfig struct {
	Enabled        bool     `json:"enabled"`
	IdentityFields []string `json:"identityFields"`
}

// MFAConfig configures multi-factor auth.
type MFAConfig struct {
	Enabled  bool   `json:"enabled"`
	Duration int64  `json:"duration"`
	Rule     string `json:"rule"`
}

// OTPConfig configures one-time passwords.
type OTPConfig struct {
	Enabled       bool          `json:"enabled"`
	Duration      int64         `json:"duration"`
	Length        int           `json:"length"`
	EmailTemplate EmailTemplate `json:"emailTemplate"`
}

// NewCollection returns a new collection of typ with its system fields.
func NewCollection(typ, name string, optId ...string) *Collection {
	c := &Collection{Type: typ, Name: name, isNew: true, Indexes: types.JSONArray[string]{}}
	if len(optId) > 0 && optId[0] != "" {
		c.Id = optId[0]
	}
	c.initDefaults()
	if c.IsAuth() {
		c.setDefaultAuthRule()
	}
	return c
}

// setDefaultAuthRule lets every record of a new auth collection
// authenticate. It is applied only where no authRule was given (new
// collections, payloads and stored options without the key), because a
// null authRule is meaningful: it turns authentication off.
func (c *Collection) setDefaultAuthRule() {
	empty := ""
	c.AuthRule = &empty
}

// NewBaseCollection returns a new base collection.
func NewBaseCollection(name string, optId ...string) *Collection {
	return NewCollection(CollectionTypeBase, name, optId...)
}

// NewAuthCollection returns a new auth collection with the auth fields.
func NewAuthCollection(name string, optId ...string) *Collection {
	return NewCollection(CollectionTypeAuth, name, optId...)
}

// NewViewCollection returns a new view collection.
func NewViewCollection(name string, optId ...string) *Collection {
	return NewCollection(CollectionTypeView, name, optId...)
}

// initDefaults fills missing type, id, system fields and auth options;
// safe to call repeatedly (e.g. after unmarshalling a partial payload).
func (c *Collection) initDefaults() {
	if c.Type == "" {
		c.Type = CollectionTypeBase
	}
	if c.Id == "" && c.Name != "" {
		c.Id = "pbc_" + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(c.Type+c.Name+security.PseudorandomString(8)))), 10)
	}
	if c.Indexes == nil {
		c.Indexes = types.JSONArray[string]{}
	}
	if c.Type != CollectionTypeView && c.Fields.GetByName(FieldNameId) == nil {
		c.Fields.AddAt(0, newIdField())
	}
	if c.IsAuth() {
		c.initAuthDefaults()
	} else {
		c.CollectionOptions = CollectionOptions{ViewQuery: c.ViewQuery}
	}
}

// IsBase, IsAuth and IsView report the collection type.
func (c *Collection) IsBase() bool { return c.Type == CollectionTypeBase }
func (c *Collection) IsAuth() bool { return c.Type == CollectionTypeAuth }
func (c *Collection) IsView() bool { return c.Type == CollectionTypeView }

// TableName is the collection's own table (its name).
func (c *Collection) TableName() string { return "_collections" }

// PK is the collection id.
func (c *Collection) PK() any { return c.Id }

// LastSavedPK is the id as last stored (differs while renaming ids).
func (c *Collection) LastSavedPK() any { return c.lastSavedPK }

// IsNew reports whether the collection is not stored yet.
func (c *Collection) IsNew() bool { return c.isNew || c.lastSavedPK == "" }

// MarkAsNew and MarkAsNotNew flip the stored state.
func (c *Collection) MarkAsNew()    { c.isNew = true; c.lastSavedPK = "" }
func (c *Collection) MarkAsNotNew() { c.isNew = false; c.lastSavedPK = c.Id }

// String is the collection name.
func (c *Collection) String() string { return c.Name }

// collectionRow is the _collections row shape.
type collectionRow struct {
	Id         string         `db:"id"`
	System     bool           `db:"system"`
	Type       string         `db:"type"`
	Name       string         `db:"name"`
	Fields     types.JSONRaw  `db:"fields"`
	Indexes    types.JSONRaw  `db:"indexes"`
	ListRule   *string        `db:"listRule"`
	ViewRule   *string        `db:"viewRule"`
	CreateRule *string        `db:"createRule"`
	UpdateRule *string        `db:"updateRule"`
	DeleteRule *string        `db:"deleteRule"`
	Options    types.JSONRaw  `db:"options"`
	Created    types.DateTime `db:"created"`
	Updated    types.DateTime `db:"updated"`
}

func (row *collectionRow) toCollection() (*Collection, error) {
	c := &Collection{
		Id: row.Id, System: row.System, Type: row.Type, Name: row.Name,
		ListRule: row.ListRule, ViewRule: row.ViewRule, CreateRule: row.CreateRule,
		UpdateRule: row.UpdateRule, DeleteRule: row.DeleteRule,
		Created: row.Created, Updated: row.Updated,
	}
	if err := c.Fields.Scan([]byte(row.Fields)); err != nil {
		return nil, fmt.Errorf("collection %s fields: %w", row.Name, err)
	}
	if len(row.Indexes) > 0 {
		if err := json.Unmarshal(row.Indexes, &c.Indexes); err != nil {
			return nil, fmt.Errorf("collection %s indexes: %w", row.Name, err)
		}
	}
	if len(row.Options) > 0 && string(row.Options) != "null" {
		if err := json.Unmarshal(row.Options, &c.CollectionOptions); err != nil {
			return nil, fmt.Errorf("collection %s options: %w", row.Name, err)
		}
	}
	c.initDefaults()
	if c.IsAuth() && !hasJSONKey(row.Options, "authRule") {
		c.setDefaultAuthRule()
	}
	c.MarkAsNotNew()
	return c, nil
}

func (c *Collection) toRow() (map[string]any, error) {
	fields, err := json.Marshal(c.Fields)
	if err != nil {
		return nil, err
	}
	indexes, err := json.Marshal(c.Indexes)
	if err != nil {
		return nil, err
	}
	// Auth options are stored with every key present: a null authRule or
	// manageRule must survive the round trip (omitempty would drop it).
	var opts any = c.CollectionOptions
	if c.IsAuth() {
		opts = authOptionsJSON(c.CollectionOptions)
	}
	options, err := json.Marshal(opts)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"id": c.Id, "system": c.System, "type": c.Type, "name": c.Name,
		"fields": string(fields), "indexes": string(indexes),
		"listRule": c.ListRule, "viewRule": c.ViewRule, "createRule": c.CreateRule,
		"updateRule": c.UpdateRule, "deleteRule": c.DeleteRule,
		"options": string(options), "created": c.Created.String(), "updated": c.Updated.String(),
	}, nil
}

// MarshalJSON renders the collection as the API shows it: the common keys
// and, for auth/view collections, their flattened options. Token secrets
// and OAuth2 client secrets are never rendered.
func (c Collection) MarshalJSON() ([]byte, error) {
	type common struct {
		Id         string                  `json:"id"`
		ListRule   *string                 `json:"listRule"`
		ViewRule   *string                 `json:"viewRule"`
		CreateRule *string                 `json:"createRule"`
		UpdateRule *string                 `json:"updateRule"`
		DeleteRule *string                 `json:"deleteRule"`
		Name       string                  `json:"name"`
		Type       string                  `json:"type"`
		Fields     FieldsList              `json:"fields"`
		Indexes    types.JSONArray[string] `json:"indexes"`
		Created    types.DateTime          `json:"created"`
		Updated    types.DateTime          `json:"updated"`
		System     bool                    `json:"system"`
	}
	base, err := json.Marshal(common{c.Id, c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule,
		c.Name, c.Type, c.Fields, c.Indexes, c.Created, c.Updated, c.System})
	if err != nil {
		return nil, err
	}
	var extra any
	switch c.Type {
	case CollectionTypeView:
		extra = struct {
			ViewQuery string `json:"viewQuery"`
		}{c.ViewQuery}
	case CollectionTypeAuth:
		opts := c.CollectionOptions
		opts.ViewQuery = ""
		opts.hideSecrets()
		extra = authOptionsJSON(opts)
	default:
		return base, nil
	}
	rawExtra, err := json.Marshal(extra)
	if err != nil {
		return nil, err
	}
	if len(rawExtra) <= 2 {
		return base, nil
	}
	return append(append(base[:len(base)-1], ','), rawExtra[1:]...), nil
}

// authOptionsJSON renders auth options with the nullable manageRule/authRule
// always present (omitempty would drop a null manageRule).
func authOptionsJSON(o CollectionOptions) any {
	return struct {
		AuthRule                   *string             `json:"authRule"`
		ManageRule                 *string             `json:"manageRule"`
		AuthAlert                  *AuthAlertConfig    `json:"authAlert"`
		OAuth2                     *OAuth2Config       `json:"oauth2"`
		PasswordAuth               *PasswordAuthConfig `json:"passwordAuth"`
		MFA                        *MFAConfig          `json:"mfa"`
		OTP                        *OTPConfig          `json:"otp"`
		AuthToken                  *TokenConfig        `json:"authToken"`
		PasswordResetToken         *TokenConfig        `json:"passwordResetToken"`
		EmailChangeToken           *TokenConfig        `json:"emailChangeToken"`
		VerificationToken          *TokenConfig        `json:"verificationToken"`
		FileToken                  *TokenConfig        `json:"fileToken"`
		VerificationTemplate       *EmailTemplate      `json:"verificationTemplate"`
		ResetPasswordTemplate      *EmailTemplate      `json:"resetPasswordTemplate"`
		ConfirmEmailChangeTemplate *EmailTemplate      `json:"confirmEmailChangeTemplate"`
	}{o.AuthRule, o.ManageRule, o.AuthAlert, o.OAuth2, o.PasswordAuth, o.MFA, o.OTP, o.AuthToken,
		o.PasswordResetToken, o.EmailChangeToken, o.VerificationToken, o.FileToken,
		o.VerificationTemplate, o.ResetPasswordTemplate, o.ConfirmEmailChangeTemplate}
}

func (o *CollectionOptions) hideSecrets() {
	for _, t := range []**TokenConfig{&o.AuthToken, &o.PasswordResetToken, &o.EmailChangeToken, &o.VerificationToken, &o.FileToken} {
		if *t != nil {
			copy := **t
			copy.Secret = ""
			*t = &copy
		}
	}
	if o.OAuth2 != nil {
		copy := *o.OAuth2
		copy.Providers = make([]OAuth2ProviderConfig, len(o.OAuth2.Providers))
		for i, p := range o.OAuth2.Providers {
			p.ClientSecret = ""
			copy.Providers[i] = p
		}
		o.OAuth2 = &copy
	}
}

// UnmarshalJSON loads a collection from its API JSON (flattened options);
// keys missing from data keep their current values, so it also serves
// partial updates (PATCH and JS `unmarshal(data, collection)`).
func (c *Collection) UnmarshalJSON(data []byte) error {
	type plain Collection
	wasAuth := c.IsAuth()
	// Decode options separately: they share the top-level object.
	p := (*plain)(c)
	if err := json.Unmarshal(data, p); err != nil {
		return err
	}
	if err := json.Unmarshal(data, &c.CollectionOptions); err != nil {
		return err
	}
	c.initDefaults()
	if c.IsAuth() && !wasAuth && !hasJSONKey(data, "authRule") {
		c.setDefaultAuthRule()
	}
	return nil
}

// hasJSONKey reports whether the JSON object data has key at its top level
// (null values included).
func hasJSONKey(data []byte, key string) bool {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return false
	}
	_, ok := m[key]
	return ok
}

// Clone deep-copies the collection.
func (c *Collection) Clone() (*Collection, error) {
	raw, err := c.marshalFull()
	if err != nil {
		return nil, err
	}
	out := &Collection{}
	if err := out.unmarshalFull(raw); err != nil {
		return nil, err
	}
	out.isNew, out.lastSavedPK = c.isNew, c.lastSavedPK
	return out, nil
}

// marshalFull keeps secrets (unlike MarshalJSON); used for cloning and
// migrations snapshots.
func (c *Collection) marshalFull() ([]byte, error) {
	row, err := c.toRow()
	if err != nil {
		return nil, err
	}
	return json.Marshal(row)
}

func (c *Collection) unmarshalFull(raw []byte) error {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	row := collectionRow{}
	row.Id, _ = m["id"].(string)
	row.System, _ = m["system"].(bool)
	row.Type, _ = m["type"].(string)
	row.Name, _ = m["name"].(string)
	row.Fields = types.JSONRaw(toStr(m["fields"]))
	row.Indexes = types.JSONRaw(toStr(m["indexes"]))
	row.Options = types.JSONRaw(toStr(m["options"]))
	for key, dst := range map[string]**string{"listRule": &row.ListRule, "viewRule": &row.ViewRule, "createRule": &row.CreateRule, "updateRule": &row.UpdateRule, "deleteRule": &row.DeleteRule} {
		if s, ok := m[key].(string); ok {
			*dst = &s
		}
	}
	row.Created, _ = types.ParseDateTime(m["created"])
	row.Updated, _ = types.ParseDateTime(m["updated"])
	out, err := row.toCollection()
	if err != nil {
		return err
	}
	*c = *out
	return nil
}

func toStr(v any) string {
	s, _ := v.(string)
	return s
}
