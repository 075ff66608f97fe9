package apis

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/filesystem"
	"github.com/hookbase/hookbase/engine/tools/router"
	"golang.org/x/sync/semaphore"
	"golang.org/x/sync/singleflight"
)

// imageContentTypes are the originals thumbs are made of.
var imageContentTypes = []string{"image/png", "image/jpg", "image/jpeg", "image/gif", "image/webp"}

// defaultThumbSizes are served for every file field, as in PocketBase
// (the dashboard's previews use them).
var defaultThumbSizes = []string{"100x100"}

// fileApi serves stored files. Thumb generation is shared by concurrent
// first requests of the same thumb (singleflight) and bounded in
// parallelism (a semaphore), so a burst of requests decodes each image once.
type fileApi struct {
	thumbPending singleflight.Group
	thumbSem     *semaphore.Weighted
	thumbMaxWait time.Duration
}

func bindFileApi(r *Router) {
	workers, _ := strconv.ParseInt(os.Getenv("PB_THUMBS_MAX_WORKERS"), 10, 64)
	if workers <= 0 {
		workers = int64(runtime.NumCPU() + 2)
	}
	wait, _ := strconv.ParseInt(os.Getenv("PB_THUMBS_MAX_WAIT"), 10, 64)
	if wait <= 0 {
		wait = 60
	}
	api := &fileApi{thumbSem: semaphore.NewWeighted(workers), thumbMaxWait: time.Duration(wait) * time.Second}
	r.POST("/api/files/token", api.fileToken)
	r.GET("/api/files/{collection}/{recordId}/{filename}", api.download)
}

// fileToken issues a short-lived token for protected files to the
// authenticated record (guests get 401).
func (api *fileApi) fileToken(e *core.RequestEvent) error {
	if e.Auth == nil {
		return router.NewUnauthorizedError("The request requires valid record authorization token.", nil)
	}
	token, err := e.Auth.NewFileToken()
	if err != nil {
		return router.NewInternalServerError("Failed to generate file token.", err)
	}
	event := &core.FileTokenRequestEvent{RequestEvent: *e, Record: e.Auth, Token: token}
	event.Collection = e.Auth.Collection()
	return e.App.OnFileTokenRequest().Trigger(event, func(ev *core.FileTokenRequestEvent) error {
		return ev.JSON(http.StatusOK, map[string]string{"token": ev.Token})
	})
}

func (api *fileApi) download(e *core.RequestEvent) error {
	collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || collection == nil {
		return router.NewNotFoundError("", nil)
	}
	recordId := e.Request.PathValue("recordId")
	filename := e.Request.PathValue("filename")
	if recordId == "" || filename == "" || !filesystem.ValidNameRegex.MatchString(filename) {
		return router.NewNotFoundError("", nil)
	}
	record, err := e.App.FindRecordById(collection, recordId)
	if err != nil {
		return router.NewNotFoundError("", nil)
	}
	// only a name the record references is served: the key below is built
	// from the stored collection id, record id and that name, never from
	// anything else in the URL
	field := record.FindFileFieldByFile(filename)
	if field == nil {
		return router.NewNotFoundError("", nil)
	}
	if field.Protected {
		if err := checkProtectedFileAccess(e, record); err != nil {
			return err
		}
	}

	baseDir := record.BaseFilesPath()
	if collection.IsView() {
		source, err := e.App.FindRecordByViewFile(collection, field.Name, filename)
		if err != nil {
			return router.NewNotFoundError("", nil)
		}
		baseDir = source.BaseFilesPath()
	}

	fsys, err := e.App.NewFilesystem()
	if err != nil {
		return router.NewInternalServerError("Filesystem initialization failure.", err)
	}
	defer fsys.Close()
	fsys.SetContext(e.Request.Context())

	originalPath := baseDir + "/" + filename
	event := &core.FileDownloadRequestEvent{RequestEvent: *e, Record: record, FileField: field, ServedPath: originalPath, ServedName: filename}
	event.Collection = collection

	if size := e.Request.URL.Query().Get("thumb"); size != "" && (slices.Contains(defaultThumbSizes, size) || slices.Contains(field.Thumbs, size)) {
		attrs, err := fsys.Attributes(originalPath)
		if err != nil {
			return router.NewNotFoundError("", nil)
		}
		if slices.Contains(imageContentTypes, attrs.ContentType) {
			thumbName := size + "_" + filename
			thumbPath := baseDir + "/thumbs_" + filename + "/" + thumbName
			if exists, _ := fsys.Exists(thumbPath); !exists {
				err = api.createThumb(e.Request.Context(), fsys, originalPath, thumbPath, size)
			}
			if err == nil {
				event.ServedPath, event.ServedName = thumbPath, thumbName
			} else {
				e.App.Logger().Warn("failed to create thumb, serving the original", "thumb", thumbPath, "error", err)
				event.ThumbError = err
			}
		}
	}
	if size := e.Request.URL.Query().Get("thumb"); size != "" && event.ThumbError == nil && event.ServedPath == originalPath {
		event.ThumbError = fmt.Errorf("the thumb size %q or the original file format are not supported", size)
	}

	h := e.Response.Header()
	h.Del("X-Frame-Options")
	h.Set("X-XSS-Protection", "1; mode=block")
	h.Set("X-Content-Type-Options", "nosniff")
	return e.App.OnFileDownloadRequest().Trigger(event, func(ev *core.FileDownloadRequestEvent) error {
		if err := fsys.Serve(ev.Response, ev.Request, ev.ServedPath, ev.ServedName); err != nil {
			return router.NewNotFoundError("", err)
		}
		return nil
	})
}

// checkProtectedFileAccess requires a valid ?token= file token whose
// record satisfies the collection's viewRule (404 otherwise, as PocketBase).
func checkProtectedFileAccess(e *core.RequestEvent, record *core.Record) error {
	info, err := e.RequestInfo()
	if err != nil {
		return router.NewInternalServerError("Failed to load request info.", err)
	}
	var auth *core.Record
	if token := e.Request.URL.Query().Get("token"); token != "" {
		auth, _ = e.App.FindAuthRecordByToken(token, core.TokenTypeFile)
	}
	// a superuser's token counts only from the allowed IPs, as in PocketBase
	if auth != nil && auth.IsSuperuser() {
		if ips := e.App.Settings().SuperuserIPs; len(ips) > 0 && !ipInList(e.RealIP(), ips) {
			auth = nil
		}
	}
	check := info.Clone()
	check.Auth = auth
	check.Context = core.RequestContextProtectedFile
	if ok, _ := e.App.CanAccessRecord(record, check, record.Collection().ViewRule); !ok {
		return router.NewNotFoundError("", errors.New("insufficient permissions to access the file"))
	}
	return nil
}

// createThumb makes thumbPath once: concurrent callers wait for the same
// generation; at most thumbSem generations run at a time.
func (api *fileApi) createThumb(ctx context.Context, fsys *filesystem.System, originalPath, thumbPath, size string) error {
	ch := api.thumbPending.DoChan(thumbPath, func() (any, error) {
		// detached from the first caller: the others wait for this result
		genCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), api.thumbMaxWait)
		defer cancel()
		if err := api.thumbSem.Acquire(genCtx, 1); err != nil {
			return nil, fmt.Errorf("waiting for a thumb worker: %w", err)
		}
		defer api.thumbSem.Release(1)
		return nil, fsys.WithContext(genCtx).CreateThumb(originalPath, thumbPath, size)
	})
	select {
	case res := <-ch:
		api.thumbPending.Forget(thumbPath)
		return res.Err
	case <-ctx.Done():
		return ctx.Err()
	}
}
