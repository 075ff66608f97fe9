package core

import (
	"context"
	"github.com/hookbase/hookbase/engine/tools/auth"
	"net/http"
	"time"

	"github.com/hookbase/hookbase/engine/realtime"
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/hook"
)

// Model event types (ModelEvent.Type).
const (
	ModelEventTypeCreate   = "create"
	ModelEventTypeUpdate   = "update"
	ModelEventTypeDelete   = "delete"
	ModelEventTypeValidate = "validate"
)

// BootstrapEvent is fired by App.Bootstrap.
type BootstrapEvent struct {
	hook.Event
	App *App
}

// ServeEvent is fired before the HTTP server starts; handlers add routes.
type ServeEvent struct {
	hook.Event
	App    *App
	Router Router
	Server *http.Server
	// InstallerFunc runs once when there is no superuser yet (prints a link).
	InstallerFunc func(app *App, systemSuperuser *Record, baseURL string) error
}

// Router is the part of the HTTP router that ServeEvent handlers use; the
// concrete router lives in engine/apis.
type Router interface {
	Route(method, path string, handler func(e *RequestEvent) error) RouteHandle
	Use(middlewares ...*Middleware)
}

// RouteHandle lets a caller attach middlewares to one route.
type RouteHandle interface {
	Bind(middlewares ...*Middleware) RouteHandle
	BindFunc(fns ...func(e *RequestEvent) error) RouteHandle
}

// Middleware is a request hook handler with an id and priority.
type Middleware = hook.Handler[*RequestEvent]

// TerminateEvent is fired when the app stops.
type TerminateEvent struct {
	hook.Event
	App       *App
	IsRestart bool
}

// BackupEvent is fired around backup create/restore.
type BackupEvent struct {
	hook.Event
	App     *App
	Context context.Context
	Name    string
	Exclude []string
}

// SettingsReloadEvent is fired when the settings are (re)loaded.
type SettingsReloadEvent struct {
	hook.Event
	App *App
}

// ModelEvent is fired around saving or deleting any model.
type ModelEvent struct {
	hook.Event
	App     *App
	Context context.Context
	Type    string
	Model   Model
}

// Tags are the model's table name, plus the collection id for records.
func (e *ModelEvent) Tags() []string { return modelTags(e.Model) }

// ModelErrorEvent is a ModelEvent for a failed operation.
type ModelErrorEvent struct {
	ModelEvent
	Error error
}

func modelTags(m Model) []string {
	if m == nil {
		return nil
	}
	switch v := m.(type) {
	case *Record:
		if c := v.Collection(); c != nil {
			return []string{c.Id, c.Name}
		}
	case *Collection:
		return []string{v.Id, v.Name}
	}
	return []string{m.TableName()}
}

// RecordEvent is fired around saving, validating or deleting a record.
type RecordEvent struct {
	hook.Event
	App     *App
	Context context.Context
	Type    string
	Record  *Record
}

// Tags are the record's collection id and name.
func (e *RecordEvent) Tags() []string { return modelTags(e.Record) }

// RecordErrorEvent is a RecordEvent for a failed operation.
type RecordErrorEvent struct {
	RecordEvent
	Error error
}

// RecordEnrichEvent is fired for every record sent to a client.
type RecordEnrichEvent struct {
	hook.Event
	App         *App
	Record      *Record
	RequestInfo *RequestInfo
}

// Tags are the record's collection id and name.
func (e *RecordEnrichEvent) Tags() []string { return modelTags(e.Record) }

// CollectionEvent is fired around saving, validating or deleting a collection.
type CollectionEvent struct {
	hook.Event
	App        *App
	Context    context.Context
	Type       string
	Collection *Collection
}

// Tags are the collection's id and name.
func (e *CollectionEvent) Tags() []string { return modelTags(e.Collection) }

// CollectionErrorEvent is a CollectionEvent for a failed operation.
type CollectionErrorEvent struct {
	CollectionEvent
	Error error
}

// MailerEvent is fired for every sent email.
type MailerEvent struct {
	hook.Event
	App     *App
	Mailer  Mailer
	Message *MailerMessage
}

// MailerRecordEvent is fired for an auth email sent to a record.
type MailerRecordEvent struct {
	MailerEvent
	Record *Record
	Meta   map[string]any
}

// Tags are the record's collection id and name.
func (e *MailerRecordEvent) Tags() []string { return modelTags(e.Record) }

// --- request events -------------------------------------------------------

// RealtimeConnectRequestEvent is fired when an SSE client connects; the
// handlers may change the timeouts before calling e.Next(), which serves
// the stream until the client goes away.
type RealtimeConnectRequestEvent struct {
	RequestEvent
	Client realtime.Client
	// IdleTimeout ends a connection that received no message for this long.
	IdleTimeout time.Duration
	// MaxTimeout ends a connection after this long in any case (the SDK
	// reconnects and resubscribes by itself).
	MaxTimeout time.Duration
}

// RealtimeSubscribeRequestEvent is fired when a client sets its subscriptions.
type RealtimeSubscribeRequestEvent struct {
	RequestEvent
	Client        realtime.Client
	Subscriptions []string
}

// RealtimeMessageEvent is fired before a message is written to a client.
type RealtimeMessageEvent struct {
	RequestEvent
	Client  realtime.Client
	Message *realtime.Message
}

// RealtimeClient is a realtime subscriber (see engine/realtime).
type RealtimeClient = realtime.Client

// RealtimeMessage is one SSE message (see engine/realtime).
type RealtimeMessage = realtime.Message

// collectionHolder gives the request events of a collection their tags.
type collectionHolder struct{ Collection *Collection }

// Tags are the collection's id and name.
func (h *collectionHolder) Tags() []string {
	if h.Collection == nil {
		return nil
	}
	return []string{h.Collection.Id, h.Collection.Name}
}

// RecordsListRequestEvent is fired on a records list request.
type RecordsListRequestEvent struct {
	RequestEvent
	collectionHolder
	Records []*Record
	Result  *search.Result
}

// RecordRequestEvent is fired on record view/create/update/delete requests.
type RecordRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
}

// RecordAuthRequestEvent is fired before an auth response is sent.
type RecordAuthRequestEvent struct {
	RequestEvent
	collectionHolder
	Record     *Record
	Token      string
	Meta       any
	AuthMethod string
}

// RecordAuthWithPasswordRequestEvent is fired on auth-with-password.
type RecordAuthWithPasswordRequestEvent struct {
	RequestEvent
	collectionHolder
	Record        *Record
	Identity      string
	IdentityField string
	Password      string
}

// RecordAuthWithOAuth2RequestEvent is fired on auth-with-oauth2.
type RecordAuthWithOAuth2RequestEvent struct {
	RequestEvent
	collectionHolder
	ProviderName   string
	ProviderClient auth.Provider
	Record         *Record
	OAuth2User     *auth.AuthUser
	CreateData     map[string]any
	IsNewRecord    bool
}

// RecordAuthRefreshRequestEvent is fired on auth-refresh.
type RecordAuthRefreshRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
}

// RecordRequestPasswordResetRequestEvent is fired on request-password-reset.
type RecordRequestPasswordResetRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
}

// RecordConfirmPasswordResetRequestEvent is fired on confirm-password-reset.
type RecordConfirmPasswordResetRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
}

// RecordRequestVerificationRequestEvent is fired on request-verification.
type RecordRequestVerificationRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
}

// RecordConfirmVerificationRequestEvent is fired on confirm-verification.
type RecordConfirmVerificationRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
}

// RecordRequestEmailChangeRequestEvent is fired on request-email-change.
type RecordRequestEmailChangeRequestEvent struct {
	RequestEvent
	collectionHolder
	Record   *Record
	NewEmail string
}

// RecordConfirmEmailChangeRequestEvent is fired on confirm-email-change.
type RecordConfirmEmailChangeRequestEvent struct {
	RequestEvent
	collectionHolder
	Record   *Record
	NewEmail string
}

// RecordCreateOTPRequestEvent is fired on request-otp.
type RecordCreateOTPRequestEvent struct {
	RequestEvent
	collectionHolder
	Record   *Record
	Password string
}

// RecordAuthWithOTPRequestEvent is fired on auth-with-otp.
type RecordAuthWithOTPRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
	OTP    *OTP
}

// CollectionsListRequestEvent is fired on the collections list request.
type CollectionsListRequestEvent struct {
	RequestEvent
	Collections []*Collection
	Result      *search.Result
}

// CollectionRequestEvent is fired on collection view/create/update/delete.
type CollectionRequestEvent struct {
	RequestEvent
	Collection *Collection
}

// CollectionsImportRequestEvent is fired on the collections import request.
type CollectionsImportRequestEvent struct {
	RequestEvent
	CollectionsData []map[string]any
	DeleteMissing   bool
}

// SettingsListRequestEvent is fired on GET /api/settings.
type SettingsListRequestEvent struct {
	RequestEvent
	Settings *Settings
}

// SettingsUpdateRequestEvent is fired on PATCH /api/settings.
type SettingsUpdateRequestEvent struct {
	RequestEvent
	OldSettings *Settings
	NewSettings *Settings
}

// FileTokenRequestEvent is fired on POST /api/files/token.
type FileTokenRequestEvent struct {
	RequestEvent
	collectionHolder
	Record *Record
	Token  string
}

// FileDownloadRequestEvent is fired before a file is served.
type FileDownloadRequestEvent struct {
	RequestEvent
	collectionHolder
	Record     *Record
	FileField  Field
	ServedPath string
	ServedName string
	// ThumbError says why a requested thumb was not served (the original
	// is served instead): an unlisted size, a non-image or a failure.
	ThumbError error
}

// BatchRequestEvent is fired on POST /api/batch.
type BatchRequestEvent struct {
	RequestEvent
	Batch []*InternalRequest
}

// InternalRequest is one request of a batch.
type InternalRequest struct {
	Body    map[string]any    `json:"body"`
	Headers map[string]string `json:"headers"`
	Method  string            `json:"method"`
	URL     string            `json:"url"`
}
