package core

import (
	"errors"
	"mime"
	"net/http"

	"github.com/hookbase/hookbase/engine/filesystem"
	"github.com/hookbase/hookbase/engine/tools/router"
)

// UploadMaxMemory is how much of a multipart body is kept in memory; the
// rest of the file parts goes to temp files, so many concurrent large
// uploads do not grow the process (PocketBase keeps up to 32MB each).
const UploadMaxMemory = 1 << 20

// ParseMultipartUploads parses a multipart body once, with the streaming
// memory bound, before anything else reads it. Other bodies are left alone.
func (e *RequestEvent) ParseMultipartUploads() error {
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	if ct != "multipart/form-data" || e.Request.MultipartForm != nil {
		return nil
	}
	if err := e.Request.ParseMultipartForm(UploadMaxMemory); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return router.NewApiError(http.StatusRequestEntityTooLarge, "Request entity too large.", nil)
		}
		return router.NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
	}
	return nil
}

// FindUploadedFiles returns the files uploaded under key of a multipart
// request, ready to be set on a record file field (none: nil).
func (e *RequestEvent) FindUploadedFiles(key string) ([]*filesystem.File, error) {
	if err := e.ParseMultipartUploads(); err != nil {
		return nil, err
	}
	form := e.Request.MultipartForm
	if form == nil || len(form.File[key]) == 0 {
		return nil, nil
	}
	out := make([]*filesystem.File, 0, len(form.File[key]))
	for _, h := range form.File[key] {
		f, err := filesystem.NewFileFromMultipart(h)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}
