package apis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// backupUploadMemory is the part of a multipart upload kept in memory;
// the rest spills into temp files.
const backupUploadMemory = 32 << 20

// backupUpload stores an uploaded zip under its original file name.
func backupUpload(e *core.RequestEvent) error {
	if err := e.Request.ParseMultipartForm(backupUploadMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", nil)
	}
	if e.Request.MultipartForm != nil {
		defer e.Request.MultipartForm.RemoveAll()
	}
	var header *multipart.FileHeader
	if form := e.Request.MultipartForm; form != nil && len(form.File["file"]) > 0 {
		header = form.File["file"][0]
	}
	if header == nil {
		return validationFailed(validation.Errors{"file": validation.Required()})
	}
	// the multipart reader already strips directories from the name;
	// anything still unsafe is refused
	name := filepath.Base(header.Filename)
	if !core.ValidBackupKey(name) {
		return validationFailed(validation.Errors{"file": validation.NewError("validation_invalid_file_name", "Invalid backup file name.")})
	}
	file, err := header.Open()
	if err != nil {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", nil)
	}
	defer file.Close()
	if !isZip(file) {
		return validationFailed(validation.Errors{"file": validation.NewError("validation_invalid_mime_type",
			fmt.Sprintf("%q mime type must be one of: application/zip.", name))})
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", nil)
	}
	if backupExists(e, name) {
		return validationFailed(validation.Errors{"file": validation.NewError("validation_backup_name_exists",
			"Backup file with the specified name already exists.")})
	}
	ctx, cancel := context.WithTimeout(context.Background(), backupCreateTimeout)
	defer cancel()
	store, err := e.App.NewBackupsStore(ctx)
	if err != nil {
		return router.NewBadRequestError("Failed to upload backup.", nil)
	}
	defer store.Close()
	if err := store.Upload(ctx, name, file, header.Size); err != nil {
		return router.NewBadRequestError("Failed to upload backup.", nil)
	}
	return e.NoContent(http.StatusNoContent)
}

// isZip sniffs the zip signatures: a local file header, an empty
// archive's end record, or a spanned archive marker.
func isZip(r io.Reader) bool {
	head := make([]byte, 4)
	if _, err := io.ReadFull(r, head); err != nil {
		return false
	}
	for _, sig := range [][]byte{{'P', 'K', 3, 4}, {'P', 'K', 5, 6}, {'P', 'K', 7, 8}} {
		if bytes.Equal(head, sig) {
			return true
		}
	}
	return false
}
