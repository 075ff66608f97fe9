package apis

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/types"
)

const (
	msgBackupBusy       = "Try again later - another backup/restore process has already been started."
	msgBackupForbidden  = "Insufficient permissions to access the resource."
	msgBackupMissing    = "Missing or invalid backup file."
	backupListTimeout   = 30 * time.Second
	backupDownloadLimit = 10 * time.Minute
)

func bindBackupApi(r *Router) {
	guard := func(e *core.RequestEvent) error {
		if err := superuserGuard(e); err != nil {
			return err
		}
		return e.Next()
	}
	r.GET("/api/backups", backupsList).BindFunc(guard)
	r.POST("/api/backups", backupCreate).BindFunc(guard)
	// no body limit of the default size: backups are big
	r.POST("/api/backups/upload", backupUpload).Bind(BodyLimit(0)).BindFunc(guard)
	// a download authenticates with a superuser *file* token (?token=),
	// since browsers follow plain links without an Authorization header
	r.GET("/api/backups/{key}", backupDownload)
	r.DELETE("/api/backups/{key}", backupDelete).BindFunc(guard)
	r.POST("/api/backups/{key}/restore", backupRestore).BindFunc(guard)
}

// backupFileInfo is one item of GET /api/backups.
type backupFileInfo struct {
	Key      string         `json:"key"`
	Size     int64          `json:"size"`
	Modified types.DateTime `json:"modified"`
}

func backupsList(e *core.RequestEvent) error {
	ctx, cancel := context.WithTimeout(e.Request.Context(), backupListTimeout)
	defer cancel()
	store, err := e.App.NewBackupsStore(ctx)
	if err != nil {
		return router.NewBadRequestError("Failed to load backups filesystem.", err)
	}
	defer store.Close()
	files, err := store.List(ctx, "")
	if err != nil {
		return router.NewBadRequestError("Failed to retrieve backup items.", err)
	}
	out := make([]backupFileInfo, len(files))
	for i, f := range files {
		out[i] = backupFileInfo{Key: f.Key, Size: f.Size, Modified: backupModified(f.Modified)}
	}
	return e.JSON(http.StatusOK, out)
}

func backupDownload(e *core.RequestEvent) error {
	record, err := e.App.FindAuthRecordByToken(e.Request.URL.Query().Get("token"), core.TokenTypeFile)
	if err != nil || !record.IsSuperuser() {
		return router.NewForbiddenError(msgBackupForbidden, nil)
	}
	if ips := e.App.Settings().SuperuserIPs; len(ips) > 0 && !ipInList(e.RealIP(), ips) {
		return router.NewForbiddenError(msgBackupForbidden, nil)
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), backupDownloadLimit)
	defer cancel()
	store, err := e.App.NewBackupsStore(ctx)
	if err != nil {
		return router.NewInternalServerError("Failed to load backups filesystem.", err)
	}
	defer store.Close()
	key := e.Request.PathValue("key")
	r, info, err := store.Open(ctx, key)
	if err != nil {
		if errors.Is(err, core.ErrBackupNotFound) {
			return router.NewNotFoundError("", nil)
		}
		return router.NewInternalServerError("Failed to open the backup file.", err)
	}
	defer r.Close()
	h := e.Response.Header()
	h.Set("Content-Disposition", contentDispositionAttachment(key))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	if rs, ok := r.(io.ReadSeeker); ok {
		http.ServeContent(e.Response, e.Request, key, info.Modified, rs)
		return nil
	}
	h.Set("Content-Type", "application/zip")
	return e.Stream(http.StatusOK, "application/zip", r)
}

func backupDelete(e *core.RequestEvent) error {
	key := e.Request.PathValue("key")
	if active, ok := e.App.Store().GetOk(core.StoreKeyActiveBackup); ok && active == key {
		return router.NewBadRequestError("The backup is currently being used and cannot be deleted.", nil)
	}
	ctx, cancel := context.WithTimeout(e.Request.Context(), backupListTimeout)
	defer cancel()
	store, err := e.App.NewBackupsStore(ctx)
	if err != nil {
		return router.NewInternalServerError("Failed to load backups filesystem.", err)
	}
	defer store.Close()
	if err := store.Delete(ctx, key); err != nil {
		return router.NewBadRequestError("Invalid or already deleted backup file.", nil)
	}
	return e.NoContent(http.StatusNoContent)
}

// backupRestore answers at once and restores in the background, as
// PocketBase does; the restore holds new requests back only while it
// swaps the data dir (see core.App.RestoreBackup).
func backupRestore(e *core.RequestEvent) error {
	if e.App.Store().Has(core.StoreKeyActiveBackup) {
		return router.NewBadRequestError(msgBackupBusy, nil)
	}
	key := e.Request.PathValue("key")
	ctx, cancel := context.WithTimeout(e.Request.Context(), backupListTimeout)
	defer cancel()
	store, err := e.App.NewBackupsStore(ctx)
	if err != nil {
		return router.NewInternalServerError("Failed to load backups filesystem.", err)
	}
	exists, err := store.Exists(ctx, key)
	store.Close()
	if err != nil || !exists {
		return router.NewBadRequestError(msgBackupMissing, nil)
	}
	app := e.App
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		// the error is logged (console and _logs) by the restore itself
		_ = app.RestoreBackup(ctx, key)
	}()
	return e.NoContent(http.StatusNoContent)
}
