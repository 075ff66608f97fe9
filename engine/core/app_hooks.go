// Code generated from the hook table in gen_hooks.sh; DO NOT EDIT.

package core

import "github.com/hookbase/hookbase/engine/tools/hook"

// appHooks holds one hook per app event; shared by an App and its transaction copies.
type appHooks struct {
	onBootstrap                         *hook.Hook[*BootstrapEvent]
	onServe                             *hook.Hook[*ServeEvent]
	onTerminate                         *hook.Hook[*TerminateEvent]
	onBackupCreate                      *hook.Hook[*BackupEvent]
	onBackupRestore                     *hook.Hook[*BackupEvent]
	onSettingsReload                    *hook.Hook[*SettingsReloadEvent]
	onModelValidate                     *hook.Hook[*ModelEvent]
	onModelCreate                       *hook.Hook[*ModelEvent]
	onModelCreateExecute                *hook.Hook[*ModelEvent]
	onModelAfterCreateSuccess           *hook.Hook[*ModelEvent]
	onModelAfterCreateError             *hook.Hook[*ModelErrorEvent]
	onModelUpdate                       *hook.Hook[*ModelEvent]
	onModelUpdateExecute                *hook.Hook[*ModelEvent]
	onModelAfterUpdateSuccess           *hook.Hook[*ModelEvent]
	onModelAfterUpdateError             *hook.Hook[*ModelErrorEvent]
	onModelDelete                       *hook.Hook[*ModelEvent]
	onModelDeleteExecute                *hook.Hook[*ModelEvent]
	onModelAfterDeleteSuccess           *hook.Hook[*ModelEvent]
	onModelAfterDeleteError             *hook.Hook[*ModelErrorEvent]
	onRecordEnrich                      *hook.Hook[*RecordEnrichEvent]
	onRecordValidate                    *hook.Hook[*RecordEvent]
	onRecordCreate                      *hook.Hook[*RecordEvent]
	onRecordCreateExecute               *hook.Hook[*RecordEvent]
	onRecordAfterCreateSuccess          *hook.Hook[*RecordEvent]
	onRecordAfterCreateError            *hook.Hook[*RecordErrorEvent]
	onRecordUpdate                      *hook.Hook[*RecordEvent]
	onRecordUpdateExecute               *hook.Hook[*RecordEvent]
	onRecordAfterUpdateSuccess          *hook.Hook[*RecordEvent]
	onRecordAfterUpdateError            *hook.Hook[*RecordErrorEvent]
	onRecordDelete                      *hook.Hook[*RecordEvent]
	onRecordDeleteExecute               *hook.Hook[*RecordEvent]
	onRecordAfterDeleteSuccess          *hook.Hook[*RecordEvent]
	onRecordAfterDeleteError            *hook.Hook[*RecordErrorEvent]
	onCollectionValidate                *hook.Hook[*CollectionEvent]
	onCollectionCreate                  *hook.Hook[*CollectionEvent]
	onCollectionCreateExecute           *hook.Hook[*CollectionEvent]
	onCollectionAfterCreateSuccess      *hook.Hook[*CollectionEvent]
	onCollectionAfterCreateError        *hook.Hook[*CollectionErrorEvent]
	onCollectionUpdate                  *hook.Hook[*CollectionEvent]
	onCollectionUpdateExecute           *hook.Hook[*CollectionEvent]
	onCollectionAfterUpdateSuccess      *hook.Hook[*CollectionEvent]
	onCollectionAfterUpdateError        *hook.Hook[*CollectionErrorEvent]
	onCollectionDelete                  *hook.Hook[*CollectionEvent]
	onCollectionDeleteExecute           *hook.Hook[*CollectionEvent]
	onCollectionAfterDeleteSuccess      *hook.Hook[*CollectionEvent]
	onCollectionAfterDeleteError        *hook.Hook[*CollectionErrorEvent]
	onMailerSend                        *hook.Hook[*MailerEvent]
	onMailerRecordAuthAlertSend         *hook.Hook[*MailerRecordEvent]
	onMailerRecordPasswordResetSend     *hook.Hook[*MailerRecordEvent]
	onMailerRecordVerificationSend      *hook.Hook[*MailerRecordEvent]
	onMailerRecordEmailChangeSend       *hook.Hook[*MailerRecordEvent]
	onMailerRecordOTPSend               *hook.Hook[*MailerRecordEvent]
	onRealtimeConnectRequest            *hook.Hook[*RealtimeConnectRequestEvent]
	onRealtimeSubscribeRequest          *hook.Hook[*RealtimeSubscribeRequestEvent]
	onRealtimeMessageSend               *hook.Hook[*RealtimeMessageEvent]
	onRecordsListRequest                *hook.Hook[*RecordsListRequestEvent]
	onRecordViewRequest                 *hook.Hook[*RecordRequestEvent]
	onRecordCreateRequest               *hook.Hook[*RecordRequestEvent]
	onRecordUpdateRequest               *hook.Hook[*RecordRequestEvent]
	onRecordDeleteRequest               *hook.Hook[*RecordRequestEvent]
	onRecordAuthRequest                 *hook.Hook[*RecordAuthRequestEvent]
	onRecordAuthWithPasswordRequest     *hook.Hook[*RecordAuthWithPasswordRequestEvent]
	onRecordAuthWithOAuth2Request       *hook.Hook[*RecordAuthWithOAuth2RequestEvent]
	onRecordAuthRefreshRequest          *hook.Hook[*RecordAuthRefreshRequestEvent]
	onRecordRequestPasswordResetRequest *hook.Hook[*RecordRequestPasswordResetRequestEvent]
	onRecordConfirmPasswordResetRequest *hook.Hook[*RecordConfirmPasswordResetRequestEvent]
	onRecordRequestVerificationRequest  *hook.Hook[*RecordRequestVerificationRequestEvent]
	onRecordConfirmVerificationRequest  *hook.Hook[*RecordConfirmVerificationRequestEvent]
	onRecordRequestEmailChangeRequest   *hook.Hook[*RecordRequestEmailChangeRequestEvent]
	onRecordConfirmEmailChangeRequest   *hook.Hook[*RecordConfirmEmailChangeRequestEvent]
	onRecordRequestOTPRequest           *hook.Hook[*RecordCreateOTPRequestEvent]
	onRecordAuthWithOTPRequest          *hook.Hook[*RecordAuthWithOTPRequestEvent]
	onCollectionsListRequest            *hook.Hook[*CollectionsListRequestEvent]
	onCollectionViewRequest             *hook.Hook[*CollectionRequestEvent]
	onCollectionCreateRequest           *hook.Hook[*CollectionRequestEvent]
	onCollectionUpdateRequest           *hook.Hook[*CollectionRequestEvent]
	onCollectionDeleteRequest           *hook.Hook[*CollectionRequestEvent]
	onCollectionsImportRequest          *hook.Hook[*CollectionsImportRequestEvent]
	onSettingsListRequest               *hook.Hook[*SettingsListRequestEvent]
	onSettingsUpdateRequest             *hook.Hook[*SettingsUpdateRequestEvent]
	onFileTokenRequest                  *hook.Hook[*FileTokenRequestEvent]
	onFileDownloadRequest               *hook.Hook[*FileDownloadRequestEvent]
	onBatchRequest                      *hook.Hook[*BatchRequestEvent]
}

func newAppHooks() *appHooks {
	return &appHooks{
		onBootstrap:                         &hook.Hook[*BootstrapEvent]{},
		onServe:                             &hook.Hook[*ServeEvent]{},
		onTerminate:                         &hook.Hook[*TerminateEvent]{},
		onBackupCreate:                      &hook.Hook[*BackupEvent]{},
		onBackupRestore:                     &hook.Hook[*BackupEvent]{},
		onSettingsReload:                    &hook.Hook[*SettingsReloadEvent]{},
		onModelValidate:                     &hook.Hook[*ModelEvent]{},
		onModelCreate:                       &hook.Hook[*ModelEvent]{},
		onModelCreateExecute:                &hook.Hook[*ModelEvent]{},
		onModelAfterCreateSuccess:           &hook.Hook[*ModelEvent]{},
		onModelAfterCreateError:             &hook.Hook[*ModelErrorEvent]{},
		onModelUpdate:                       &hook.Hook[*ModelEvent]{},
		onModelUpdateExecute:                &hook.Hook[*ModelEvent]{},
		onModelAfterUpdateSuccess:           &hook.Hook[*ModelEvent]{},
		onModelAfterUpdateError:             &hook.Hook[*ModelErrorEvent]{},
		onModelDelete:                       &hook.Hook[*ModelEvent]{},
		onModelDeleteExecute:                &hook.Hook[*ModelEvent]{},
		onModelAfterDeleteSuccess:           &hook.Hook[*ModelEvent]{},
		onModelAfterDeleteError:             &hook.Hook[*ModelErrorEvent]{},
		onRecordEnrich:                      &hook.Hook[*RecordEnrichEvent]{},
		onRecordValidate:                    &hook.Hook[*RecordEvent]{},
		onRecordCreate:                      &hook.Hook[*RecordEvent]{},
		onRecordCreateExecute:               &hook.Hook[*RecordEvent]{},
		onRecordAfterCreateSuccess:          &hook.Hook[*RecordEvent]{},
		onRecordAfterCreateError:            &hook.Hook[*RecordErrorEvent]{},
		onRecordUpdate:                      &hook.Hook[*RecordEvent]{},
		onRecordUpdateExecute:               &hook.Hook[*RecordEvent]{},
		onRecordAfterUpdateSuccess:          &hook.Hook[*RecordEvent]{},
		onRecordAfterUpdateError:            &hook.Hook[*RecordErrorEvent]{},
		onRecordDelete:                      &hook.Hook[*RecordEvent]{},
		onRecordDeleteExecute:               &hook.Hook[*RecordEvent]{},
		onRecordAfterDeleteSuccess:          &hook.Hook[*RecordEvent]{},
		onRecordAfterDeleteError:            &hook.Hook[*RecordErrorEvent]{},
		onCollectionValidate:                &hook.Hook[*CollectionEvent]{},
		onCollectionCreate:                  &hook.Hook[*CollectionEvent]{},
		onCollectionCreateExecute:           &hook.Hook[*CollectionEvent]{},
		onCollectionAfterCreateSuccess:      &hook.Hook[*CollectionEvent]{},
		onCollectionAfterCreateError:        &hook.Hook[*CollectionErrorEvent]{},
		onCollectionUpdate:                  &hook.Hook[*CollectionEvent]{},
		onCollectionUpdateExecute:           &hook.Hook[*CollectionEvent]{},
		onCollectionAfterUpdateSuccess:      &hook.Hook[*CollectionEvent]{},
		onCollectionAfterUpdateError:        &hook.Hook[*CollectionErrorEvent]{},
		onCollectionDelete:                  &hook.Hook[*CollectionEvent]{},
		onCollectionDeleteExecute:           &hook.Hook[*CollectionEvent]{},
		onCollectionAfterDeleteSuccess:      &hook.Hook[*CollectionEvent]{},
		onCollectionAfterDeleteError:        &hook.Hook[*CollectionErrorEvent]{},
		onMailerSend:                        &hook.Hook[*MailerEvent]{},
		onMailerRecordAuthAlertSend:         &hook.Hook[*MailerRecordEvent]{},
		onMailerRecordPasswordResetSend:     &hook.Hook[*MailerRecordEvent]{},
		onMailerRecordVerificationSend:      &hook.Hook[*MailerRecordEvent]{},
		onMailerRecordEmailChangeSend:       &hook.Hook[*MailerRecordEvent]{},
		onMailerRecordOTPSend:               &hook.Hook[*MailerRecordEvent]{},
		onRealtimeConnectRequest:            &hook.Hook[*RealtimeConnectRequestEvent]{},
		onRealtimeSubscribeRequest:          &hook.Hook[*RealtimeSubscribeRequestEvent]{},
		onRealtimeMessageSend:               &hook.Hook[*RealtimeMessageEvent]{},
		onRecordsListRequest:                &hook.Hook[*RecordsListRequestEvent]{},
		onRecordViewRequest:                 &hook.Hook[*RecordRequestEvent]{},
		onRecordCreateRequest:               &hook.Hook[*RecordRequestEvent]{},
		onRecordUpdateRequest:               &hook.Hook[*RecordRequestEvent]{},
		onRecordDeleteRequest:               &hook.Hook[*RecordRequestEvent]{},
		onRecordAuthRequest:                 &hook.Hook[*RecordAuthRequestEvent]{},
		onRecordAuthWithPasswordRequest:     &hook.Hook[*RecordAuthWithPasswordRequestEvent]{},
		onRecordAuthWithOAuth2Request:       &hook.Hook[*RecordAuthWithOAuth2RequestEvent]{},
		onRecordAuthRefreshRequest:          &hook.Hook[*RecordAuthRefreshRequestEvent]{},
		onRecordRequestPasswordResetRequest: &hook.Hook[*RecordRequestPasswordResetRequestEvent]{},
		onRecordConfirmPasswordResetRequest: &hook.Hook[*RecordConfirmPasswordResetRequestEvent]{},
		onRecordRequestVerificationRequest:  &hook.Hook[*RecordRequestVerificationRequestEvent]{},
		onRecordConfirmVerificationRequest:  &hook.Hook[*RecordConfirmVerificationRequestEvent]{},
		onRecordRequestEmailChangeRequest:   &hook.Hook[*RecordRequestEmailChangeRequestEvent]{},
		onRecordConfirmEmailChangeRequest:   &hook.Hook[*RecordConfirmEmailChangeRequestEvent]{},
		onRecordRequestOTPRequest:           &hook.Hook[*RecordCreateOTPRequestEvent]{},
		onRecordAuthWithOTPRequest:          &hook.Hook[*RecordAuthWithOTPRequestEvent]{},
		onCollectionsListRequest:            &hook.Hook[*CollectionsListRequestEvent]{},
		onCollectionViewRequest:             &hook.Hook[*CollectionRequestEvent]{},
		onCollectionCreateRequest:           &hook.Hook[*CollectionRequestEvent]{},
		onCollectionUpdateRequest:           &hook.Hook[*CollectionRequestEvent]{},
		onCollectionDeleteRequest:           &hook.Hook[*CollectionRequestEvent]{},
		onCollectionsImportRequest:          &hook.Hook[*CollectionsImportRequestEvent]{},
		onSettingsListRequest:               &hook.Hook[*SettingsListRequestEvent]{},
		onSettingsUpdateRequest:             &hook.Hook[*SettingsUpdateRequestEvent]{},
		onFileTokenRequest:                  &hook.Hook[*FileTokenRequestEvent]{},
		onFileDownloadRequest:               &hook.Hook[*FileDownloadRequestEvent]{},
		onBatchRequest:                      &hook.Hook[*BatchRequestEvent]{},
	}
}

// OnBootstrap returns the Bootstrap hook.
func (app *App) OnBootstrap() *hook.Hook[*BootstrapEvent] {
	return app.hooks.onBootstrap
}

// OnServe returns the Serve hook.
func (app *App) OnServe() *hook.Hook[*ServeEvent] {
	return app.hooks.onServe
}

// OnTerminate returns the Terminate hook.
func (app *App) OnTerminate() *hook.Hook[*TerminateEvent] {
	return app.hooks.onTerminate
}

// OnBackupCreate returns the BackupCreate hook.
func (app *App) OnBackupCreate() *hook.Hook[*BackupEvent] {
	return app.hooks.onBackupCreate
}

// OnBackupRestore returns the BackupRestore hook.
func (app *App) OnBackupRestore() *hook.Hook[*BackupEvent] {
	return app.hooks.onBackupRestore
}

// OnSettingsReload returns the SettingsReload hook.
func (app *App) OnSettingsReload() *hook.Hook[*SettingsReloadEvent] {
	return app.hooks.onSettingsReload
}

// OnModelValidate returns the ModelValidate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelValidate(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelValidate, tags...)
}

// OnModelCreate returns the ModelCreate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelCreate(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelCreate, tags...)
}

// OnModelCreateExecute returns the ModelCreateExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelCreateExecute(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelCreateExecute, tags...)
}

// OnModelAfterCreateSuccess returns the ModelAfterCreateSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelAfterCreateSuccess(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelAfterCreateSuccess, tags...)
}

// OnModelAfterCreateError returns the ModelAfterCreateError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelAfterCreateError(tags ...string) *hook.TaggedHook[*ModelErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onModelAfterCreateError, tags...)
}

// OnModelUpdate returns the ModelUpdate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelUpdate(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelUpdate, tags...)
}

// OnModelUpdateExecute returns the ModelUpdateExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelUpdateExecute(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelUpdateExecute, tags...)
}

// OnModelAfterUpdateSuccess returns the ModelAfterUpdateSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelAfterUpdateSuccess(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelAfterUpdateSuccess, tags...)
}

// OnModelAfterUpdateError returns the ModelAfterUpdateError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelAfterUpdateError(tags ...string) *hook.TaggedHook[*ModelErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onModelAfterUpdateError, tags...)
}

// OnModelDelete returns the ModelDelete hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelDelete(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelDelete, tags...)
}

// OnModelDeleteExecute returns the ModelDeleteExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelDeleteExecute(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelDeleteExecute, tags...)
}

// OnModelAfterDeleteSuccess returns the ModelAfterDeleteSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelAfterDeleteSuccess(tags ...string) *hook.TaggedHook[*ModelEvent] {
	return hook.NewTaggedHook(app.hooks.onModelAfterDeleteSuccess, tags...)
}

// OnModelAfterDeleteError returns the ModelAfterDeleteError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnModelAfterDeleteError(tags ...string) *hook.TaggedHook[*ModelErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onModelAfterDeleteError, tags...)
}

// OnRecordEnrich returns the RecordEnrich hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordEnrich(tags ...string) *hook.TaggedHook[*RecordEnrichEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordEnrich, tags...)
}

// OnRecordValidate returns the RecordValidate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordValidate(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordValidate, tags...)
}

// OnRecordCreate returns the RecordCreate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordCreate(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordCreate, tags...)
}

// OnRecordCreateExecute returns the RecordCreateExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordCreateExecute(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordCreateExecute, tags...)
}

// OnRecordAfterCreateSuccess returns the RecordAfterCreateSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAfterCreateSuccess(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAfterCreateSuccess, tags...)
}

// OnRecordAfterCreateError returns the RecordAfterCreateError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAfterCreateError(tags ...string) *hook.TaggedHook[*RecordErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAfterCreateError, tags...)
}

// OnRecordUpdate returns the RecordUpdate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordUpdate(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordUpdate, tags...)
}

// OnRecordUpdateExecute returns the RecordUpdateExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordUpdateExecute(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordUpdateExecute, tags...)
}

// OnRecordAfterUpdateSuccess returns the RecordAfterUpdateSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAfterUpdateSuccess(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAfterUpdateSuccess, tags...)
}

// OnRecordAfterUpdateError returns the RecordAfterUpdateError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAfterUpdateError(tags ...string) *hook.TaggedHook[*RecordErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAfterUpdateError, tags...)
}

// OnRecordDelete returns the RecordDelete hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordDelete(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordDelete, tags...)
}

// OnRecordDeleteExecute returns the RecordDeleteExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordDeleteExecute(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordDeleteExecute, tags...)
}

// OnRecordAfterDeleteSuccess returns the RecordAfterDeleteSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAfterDeleteSuccess(tags ...string) *hook.TaggedHook[*RecordEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAfterDeleteSuccess, tags...)
}

// OnRecordAfterDeleteError returns the RecordAfterDeleteError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAfterDeleteError(tags ...string) *hook.TaggedHook[*RecordErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAfterDeleteError, tags...)
}

// OnCollectionValidate returns the CollectionValidate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionValidate(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionValidate, tags...)
}

// OnCollectionCreate returns the CollectionCreate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionCreate(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionCreate, tags...)
}

// OnCollectionCreateExecute returns the CollectionCreateExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionCreateExecute(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionCreateExecute, tags...)
}

// OnCollectionAfterCreateSuccess returns the CollectionAfterCreateSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionAfterCreateSuccess(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionAfterCreateSuccess, tags...)
}

// OnCollectionAfterCreateError returns the CollectionAfterCreateError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionAfterCreateError(tags ...string) *hook.TaggedHook[*CollectionErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionAfterCreateError, tags...)
}

// OnCollectionUpdate returns the CollectionUpdate hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionUpdate(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionUpdate, tags...)
}

// OnCollectionUpdateExecute returns the CollectionUpdateExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionUpdateExecute(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionUpdateExecute, tags...)
}

// OnCollectionAfterUpdateSuccess returns the CollectionAfterUpdateSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionAfterUpdateSuccess(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionAfterUpdateSuccess, tags...)
}

// OnCollectionAfterUpdateError returns the CollectionAfterUpdateError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionAfterUpdateError(tags ...string) *hook.TaggedHook[*CollectionErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionAfterUpdateError, tags...)
}

// OnCollectionDelete returns the CollectionDelete hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionDelete(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionDelete, tags...)
}

// OnCollectionDeleteExecute returns the CollectionDeleteExecute hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionDeleteExecute(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionDeleteExecute, tags...)
}

// OnCollectionAfterDeleteSuccess returns the CollectionAfterDeleteSuccess hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionAfterDeleteSuccess(tags ...string) *hook.TaggedHook[*CollectionEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionAfterDeleteSuccess, tags...)
}

// OnCollectionAfterDeleteError returns the CollectionAfterDeleteError hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnCollectionAfterDeleteError(tags ...string) *hook.TaggedHook[*CollectionErrorEvent] {
	return hook.NewTaggedHook(app.hooks.onCollectionAfterDeleteError, tags...)
}

// OnMailerSend returns the MailerSend hook.
func (app *App) OnMailerSend() *hook.Hook[*MailerEvent] {
	return app.hooks.onMailerSend
}

// OnMailerRecordAuthAlertSend returns the MailerRecordAuthAlertSend hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnMailerRecordAuthAlertSend(tags ...string) *hook.TaggedHook[*MailerRecordEvent] {
	return hook.NewTaggedHook(app.hooks.onMailerRecordAuthAlertSend, tags...)
}

// OnMailerRecordPasswordResetSend returns the MailerRecordPasswordResetSend hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnMailerRecordPasswordResetSend(tags ...string) *hook.TaggedHook[*MailerRecordEvent] {
	return hook.NewTaggedHook(app.hooks.onMailerRecordPasswordResetSend, tags...)
}

// OnMailerRecordVerificationSend returns the MailerRecordVerificationSend hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnMailerRecordVerificationSend(tags ...string) *hook.TaggedHook[*MailerRecordEvent] {
	return hook.NewTaggedHook(app.hooks.onMailerRecordVerificationSend, tags...)
}

// OnMailerRecordEmailChangeSend returns the MailerRecordEmailChangeSend hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnMailerRecordEmailChangeSend(tags ...string) *hook.TaggedHook[*MailerRecordEvent] {
	return hook.NewTaggedHook(app.hooks.onMailerRecordEmailChangeSend, tags...)
}

// OnMailerRecordOTPSend returns the MailerRecordOTPSend hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnMailerRecordOTPSend(tags ...string) *hook.TaggedHook[*MailerRecordEvent] {
	return hook.NewTaggedHook(app.hooks.onMailerRecordOTPSend, tags...)
}

// OnRealtimeConnectRequest returns the RealtimeConnectRequest hook.
func (app *App) OnRealtimeConnectRequest() *hook.Hook[*RealtimeConnectRequestEvent] {
	return app.hooks.onRealtimeConnectRequest
}

// OnRealtimeSubscribeRequest returns the RealtimeSubscribeRequest hook.
func (app *App) OnRealtimeSubscribeRequest() *hook.Hook[*RealtimeSubscribeRequestEvent] {
	return app.hooks.onRealtimeSubscribeRequest
}

// OnRealtimeMessageSend returns the RealtimeMessageSend hook.
func (app *App) OnRealtimeMessageSend() *hook.Hook[*RealtimeMessageEvent] {
	return app.hooks.onRealtimeMessageSend
}

// OnRecordsListRequest returns the RecordsListRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordsListRequest(tags ...string) *hook.TaggedHook[*RecordsListRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordsListRequest, tags...)
}

// OnRecordViewRequest returns the RecordViewRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordViewRequest(tags ...string) *hook.TaggedHook[*RecordRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordViewRequest, tags...)
}

// OnRecordCreateRequest returns the RecordCreateRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordCreateRequest(tags ...string) *hook.TaggedHook[*RecordRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordCreateRequest, tags...)
}

// OnRecordUpdateRequest returns the RecordUpdateRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordUpdateRequest(tags ...string) *hook.TaggedHook[*RecordRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordUpdateRequest, tags...)
}

// OnRecordDeleteRequest returns the RecordDeleteRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordDeleteRequest(tags ...string) *hook.TaggedHook[*RecordRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordDeleteRequest, tags...)
}

// OnRecordAuthRequest returns the RecordAuthRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAuthRequest(tags ...string) *hook.TaggedHook[*RecordAuthRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAuthRequest, tags...)
}

// OnRecordAuthWithPasswordRequest returns the RecordAuthWithPasswordRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAuthWithPasswordRequest(tags ...string) *hook.TaggedHook[*RecordAuthWithPasswordRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAuthWithPasswordRequest, tags...)
}

// OnRecordAuthWithOAuth2Request returns the RecordAuthWithOAuth2Request hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAuthWithOAuth2Request(tags ...string) *hook.TaggedHook[*RecordAuthWithOAuth2RequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAuthWithOAuth2Request, tags...)
}

// OnRecordAuthRefreshRequest returns the RecordAuthRefreshRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAuthRefreshRequest(tags ...string) *hook.TaggedHook[*RecordAuthRefreshRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAuthRefreshRequest, tags...)
}

// OnRecordRequestPasswordResetRequest returns the RecordRequestPasswordResetRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordRequestPasswordResetRequest(tags ...string) *hook.TaggedHook[*RecordRequestPasswordResetRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordRequestPasswordResetRequest, tags...)
}

// OnRecordConfirmPasswordResetRequest returns the RecordConfirmPasswordResetRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordConfirmPasswordResetRequest(tags ...string) *hook.TaggedHook[*RecordConfirmPasswordResetRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordConfirmPasswordResetRequest, tags...)
}

// OnRecordRequestVerificationRequest returns the RecordRequestVerificationRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordRequestVerificationRequest(tags ...string) *hook.TaggedHook[*RecordRequestVerificationRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordRequestVerificationRequest, tags...)
}

// OnRecordConfirmVerificationRequest returns the RecordConfirmVerificationRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordConfirmVerificationRequest(tags ...string) *hook.TaggedHook[*RecordConfirmVerificationRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordConfirmVerificationRequest, tags...)
}

// OnRecordRequestEmailChangeRequest returns the RecordRequestEmailChangeRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordRequestEmailChangeRequest(tags ...string) *hook.TaggedHook[*RecordRequestEmailChangeRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordRequestEmailChangeRequest, tags...)
}

// OnRecordConfirmEmailChangeRequest returns the RecordConfirmEmailChangeRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordConfirmEmailChangeRequest(tags ...string) *hook.TaggedHook[*RecordConfirmEmailChangeRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordConfirmEmailChangeRequest, tags...)
}

// OnRecordRequestOTPRequest returns the RecordRequestOTPRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordRequestOTPRequest(tags ...string) *hook.TaggedHook[*RecordCreateOTPRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordRequestOTPRequest, tags...)
}

// OnRecordAuthWithOTPRequest returns the RecordAuthWithOTPRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnRecordAuthWithOTPRequest(tags ...string) *hook.TaggedHook[*RecordAuthWithOTPRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onRecordAuthWithOTPRequest, tags...)
}

// OnCollectionsListRequest returns the CollectionsListRequest hook.
func (app *App) OnCollectionsListRequest() *hook.Hook[*CollectionsListRequestEvent] {
	return app.hooks.onCollectionsListRequest
}

// OnCollectionViewRequest returns the CollectionViewRequest hook.
func (app *App) OnCollectionViewRequest() *hook.Hook[*CollectionRequestEvent] {
	return app.hooks.onCollectionViewRequest
}

// OnCollectionCreateRequest returns the CollectionCreateRequest hook.
func (app *App) OnCollectionCreateRequest() *hook.Hook[*CollectionRequestEvent] {
	return app.hooks.onCollectionCreateRequest
}

// OnCollectionUpdateRequest returns the CollectionUpdateRequest hook.
func (app *App) OnCollectionUpdateRequest() *hook.Hook[*CollectionRequestEvent] {
	return app.hooks.onCollectionUpdateRequest
}

// OnCollectionDeleteRequest returns the CollectionDeleteRequest hook.
func (app *App) OnCollectionDeleteRequest() *hook.Hook[*CollectionRequestEvent] {
	return app.hooks.onCollectionDeleteRequest
}

// OnCollectionsImportRequest returns the CollectionsImportRequest hook.
func (app *App) OnCollectionsImportRequest() *hook.Hook[*CollectionsImportRequestEvent] {
	return app.hooks.onCollectionsImportRequest
}

// OnSettingsListRequest returns the SettingsListRequest hook.
func (app *App) OnSettingsListRequest() *hook.Hook[*SettingsListRequestEvent] {
	return app.hooks.onSettingsListRequest
}

// OnSettingsUpdateRequest returns the SettingsUpdateRequest hook.
func (app *App) OnSettingsUpdateRequest() *hook.Hook[*SettingsUpdateRequestEvent] {
	return app.hooks.onSettingsUpdateRequest
}

// OnFileTokenRequest returns the FileTokenRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnFileTokenRequest(tags ...string) *hook.TaggedHook[*FileTokenRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onFileTokenRequest, tags...)
}

// OnFileDownloadRequest returns the FileDownloadRequest hook, optionally limited to the collections (or tables) named by tags.
func (app *App) OnFileDownloadRequest(tags ...string) *hook.TaggedHook[*FileDownloadRequestEvent] {
	return hook.NewTaggedHook(app.hooks.onFileDownloadRequest, tags...)
}

// OnBatchRequest returns the BatchRequest hook.
func (app *App) OnBatchRequest() *hook.Hook[*BatchRequestEvent] {
	return app.hooks.onBatchRequest
}
