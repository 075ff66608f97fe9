package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/pocketbase/dbx"
)

const paramsTable = "_params"
const paramsKeySettings = "settings"

// Settings is the app configuration stored in _params (id "settings").
type Settings struct {
	SMTP         SMTPConfig         `json:"smtp"`
	Backups      BackupsConfig      `json:"backups"`
	S3           S3Config           `json:"s3"`
	Meta         MetaConfig         `json:"meta"`
	RateLimits   RateLimitsConfig   `json:"rateLimits"`
	TrustedProxy TrustedProxyConfig `json:"trustedProxy"`
	Batch        BatchConfig        `json:"batch"`
	Logs         LogsConfig         `json:"logs"`
	SuperuserIPs []string           `json:"superuserIPs"`
	// Observability is hookbase's own (PocketBase has no such key).
	Observability ObservabilityConfig `json:"observability"`
}

// ObservabilityConfig switches the optional observability endpoints.
type ObservabilityConfig struct {
	// PrometheusEnabled serves /api/metrics/prometheus; scrapers send
	// PrometheusToken as a Bearer token (superusers may scrape too).
	PrometheusEnabled bool   `json:"prometheusEnabled"`
	PrometheusToken   string `json:"prometheusToken,omitempty"`
	// PublicOpenAPI serves /api/docs/openapi.json to anyone, not only
	// to superusers.
	PublicOpenAPI bool `json:"publicOpenAPI"`
	// AnalyticsEnabled counts pb_public page views (aggregated, no
	// cookies, no stored IPs); AnalyticsMaxDays is their retention
	// (0 means 90 days).
	AnalyticsEnabled bool `json:"analyticsEnabled"`
	AnalyticsMaxDays int  `json:"analyticsMaxDays"`
	// MetricsEnabled records every request's route, status and duration
	// for /api/metrics and the Prometheus scrape (on by default, also for
	// stored settings without the key); off, the recorder is out of the
	// request path and /api/metrics shows no request figures.
	MetricsEnabled bool `json:"metricsEnabled"`
}

// SMTPConfig configures outgoing mail.
type SMTPConfig struct {
	Enabled    bool   `json:"enabled"`
	Port       int    `json:"port"`
	Host       string `json:"host"`
	Username   string `json:"username"`
	Password   string `json:"password,omitempty"`
	AuthMethod string `json:"authMethod"`
	TLS        bool   `json:"tls"`
	LocalName  string `json:"localName"`
}

// S3Config configures an S3-compatible storage.
type S3Config struct {
	Enabled        bool   `json:"enabled"`
	Bucket         string `json:"bucket"`
	Region         string `json:"region"`
	Endpoint       string `json:"endpoint"`
	AccessKey      string `json:"accessKey"`
	Secret         string `json:"secret,omitempty"`
	ForcePathStyle bool   `json:"forcePathStyle"`
}

// BackupsConfig configures automatic backups.
type BackupsConfig struct {
	Cron        string   `json:"cron"`
	CronMaxKeep int      `json:"cronMaxKeep"`
	S3          S3Config `json:"s3"`
}

// MetaConfig is the app identity used in emails and the dashboard.
type MetaConfig struct {
	AppName       string `json:"appName"`
	AppURL        string `json:"appURL"`
	SenderName    string `json:"senderName"`
	SenderAddress string `json:"senderAddress"`
	HideControls  bool   `json:"hideControls"`
}

// RateLimitsConfig configures the request rate limiter.
type RateLimitsConfig struct {
	Rules       []RateLimitRule `json:"rules"`
	ExcludedIPs []string        `json:"excludedIPs"`
	Enabled     bool            `json:"enabled"`
}

// RateLimitRule limits requests matching Label ("/api/", "*:create", …).
type RateLimitRule struct {
	Label       string `json:"label"`
	Audience    string `json:"audience"`
	Duration    int64  `json:"duration"`
	MaxRequests int    `json:"maxRequests"`
}

// TrustedProxyConfig names the headers holding the client IP.
type TrustedProxyConfig struct {
	Headers       []string `json:"headers"`
	UseLeftmostIP bool     `json:"useLeftmostIP"`
}

// BatchConfig configures POST /api/batch.
type BatchConfig struct {
	Enabled     bool  `json:"enabled"`
	MaxRequests int   `json:"maxRequests"`
	Timeout     int64 `json:"timeout"`
	MaxBodySize int64 `json:"maxBodySize"`
}

// LogsConfig configures the request/app logs.
type LogsConfig struct {
	MaxDays     int  `json:"maxDays"`
	MinLevel    int  `json:"minLevel"`
	LogIP       bool `json:"logIP"`
	LogAuthId   bool `json:"logAuthId"`
	MaxDataSize int  `json:"maxDataSize"`
}

// NewDefaultSettings returns the settings of a fresh data dir.
func NewDefaultSettings() *Settings {
	return &Settings{
		SMTP:    SMTPConfig{Port: 587, Host: "smtp.example.com"},
		Backups: BackupsConfig{CronMaxKeep: 3},
		Meta: MetaConfig{AppName: "Acme", AppURL: "http://localhost:8090",
			SenderName: "Support", SenderAddress: "support@example.com"},
		RateLimits: RateLimitsConfig{Rules: []RateLimitRule{
			{Label: "*:auth", Duration: 3, MaxRequests: 2},
			{Label: "*:create", Duration: 5, MaxRequests: 20},
			{Label: "/api/batch", Duration: 1, MaxRequests: 3},
			{Label: "/api/", Duration: 10, MaxRequests: 300},
		}, ExcludedIPs: []string{}},
		TrustedProxy:  TrustedProxyConfig{Headers: []string{}},
		Batch:         BatchConfig{MaxRequests: 50, Timeout: 3},
		Logs:          LogsConfig{MaxDays: 5, LogIP: true},
		SuperuserIPs:  []string{},
		Observability: ObservabilityConfig{MetricsEnabled: true},
	}
}

// Clone deep-copies the settings.
func (s *Settings) Clone() (*Settings, error) {
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	out := &Settings{}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Masked returns a copy with secrets removed, as the API shows it.
func (s *Settings) Masked() *Settings {
	out, err := s.Clone()
	if err != nil {
		return NewDefaultSettings()
	}
	out.SMTP.Password = ""
	out.S3.Secret = ""
	out.Backups.S3.Secret = ""
	out.Observability.PrometheusToken = ""
	return out
}

// Settings returns the current settings (never nil; treat as read-only).
func (app *App) Settings() *Settings {
	if s := app.settings.Load(); s != nil {
		return s
	}
	return NewDefaultSettings()
}

// ReloadSettings loads the settings from _params, creating the defaults
// when missing, then fires OnSettingsReload.
func (app *App) ReloadSettings() error {
	var row struct {
		Value types.JSONRaw `db:"value"`
	}
	err := app.DB().Select("value").From(paramsTable).Where(dbx.HashExp{"id": paramsKeySettings}).One(&row)
	settings := NewDefaultSettings()
	switch {
	case err == nil:
		raw := []byte(row.Value)
		if plain, decErr := app.decryptSettings(raw); decErr == nil {
			raw = plain
		} else {
			return decErr
		}
		if err := json.Unmarshal(raw, settings); err != nil {
			return fmt.Errorf("parse settings: %w", err)
		}
	case isNoRows(err):
		if err := app.SaveSettings(settings); err != nil {
			return err
		}
	default:
		return fmt.Errorf("load settings: %w", err)
	}
	app.settings.Store(settings)
	return app.OnSettingsReload().Trigger(&SettingsReloadEvent{App: app})
}

// SaveSettings stores new settings (encrypted when an encryption key is
// configured) and makes them current.
func (app *App) SaveSettings(s *Settings) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	value := string(raw)
	if key := app.encryptionKey(); key != "" {
		enc, err := security.Encrypt(raw, key)
		if err != nil {
			return fmt.Errorf("encrypt settings: %w", err)
		}
		encoded, _ := json.Marshal(enc)
		value = string(encoded)
	}
	now := types.NowDateTime().String()
	_, err = app.NonconcurrentDB().NewQuery(
		"INSERT INTO _params (id, value, created, updated) VALUES ({:id}, {:value}, {:now}, {:now}) " +
			"ON CONFLICT(id) DO UPDATE SET value = excluded.value, updated = excluded.updated").
		Bind(dbx.Params{"id": paramsKeySettings, "value": value, "now": now}).Execute()
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	app.settings.Store(s)
	return nil
}

func (app *App) encryptionKey() string {
	if app.config.EncryptionEnv == "" {
		return ""
	}
	return os.Getenv(app.config.EncryptionEnv)
}

// decryptSettings accepts plain JSON objects and encrypted JSON strings.
func (app *App) decryptSettings(raw []byte) ([]byte, error) {
	if len(raw) == 0 || raw[0] == '{' {
		return raw, nil
	}
	var enc string
	if err := json.Unmarshal(raw, &enc); err != nil {
		return nil, fmt.Errorf("settings are neither JSON nor encrypted: %w", err)
	}
	key := app.encryptionKey()
	if key == "" {
		return nil, errors.New("the stored settings are encrypted: start with --encryptionEnv naming the key")
	}
	plain, err := security.Decrypt(enc, key)
	if err != nil {
		return nil, fmt.Errorf("decrypt settings: %w", err)
	}
	return plain, nil
}
