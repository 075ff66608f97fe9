package apis

import (
	"errors"
	"mime"
	"net/http"
	"regexp"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/filesystem"
	"github.com/hookbase/hookbase/engine/tools/list"
	"github.com/hookbase/hookbase/engine/tools/router"
)

// uploadMaxMemory is how much of a multipart body is kept in memory; the
// rest of the file parts goes to temp files, so many concurrent large
// uploads do not grow the process (PocketBase keeps up to 32MB each).
const uploadMaxMemory = 4 << 20

// parseMultipartUploads parses a multipart body (once) with the
// streaming memory bound, before anything else reads it.
func parseMultipartUploads(e *core.RequestEvent) error {
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	if ct != "multipart/form-data" || e.Request.MultipartForm != nil {
		return nil
	}
	if err := e.Request.ParseMultipartForm(uploadMaxMemory); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errRequestTooLarge()
		}
		return router.NewBadRequestError("Failed to load the submitted data due to invalid formatting.", nil)
	}
	return nil
}

// FindUploadedFiles returns the files uploaded under key of a multipart
// request as Files ready to be set on a record (nil when none).
func FindUploadedFiles(e *core.RequestEvent, key string) ([]*filesystem.File, error) {
	if err := parseMultipartUploads(e); err != nil {
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

// mergeUploadedFiles adds the files of a multipart request to data under
// their keys ("field", "field+", "+field"). A plain key keeps the names
// sent beside the files, so sending the existing names plus new files does
// not drop the old ones.
func mergeUploadedFiles(e *core.RequestEvent, c *core.Collection, data map[string]any) (map[string]any, error) {
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return data, nil
	}
	for _, f := range c.Fields {
		if f.Type() != core.FieldTypeFile {
			continue
		}
		name := f.GetName()
		for _, key := range []string{name, "+" + name, name + "+"} {
			files, err := FindUploadedFiles(e, key)
			if err != nil {
				return nil, err
			}
			if len(files) == 0 {
				continue
			}
			var items []any
			if key == name && data[key] != nil {
				for _, existing := range list.ToUniqueStringSlice(data[key]) {
					if existing != "" {
						items = append(items, existing)
					}
				}
			}
			for _, file := range files {
				items = append(items, file)
			}
			data[key] = items
		}
	}
	return data, nil
}

// recordWriteRoute matches the record create and update routes, whose body
// limit grows with the collection's file fields.
var recordWriteRoute = regexp.MustCompile(`^/api/collections/([^/]+)/records(?:/[^/]+)?/?$`)

// recordBodyLimit is the body limit of a request: the default one, plus
// the most all file fields of the collection may take for record writes
// (PocketBase's dynamic collection body limit).
func recordBodyLimit(app *core.App, r *http.Request, limit int64) int64 {
	if r.Method != http.MethodPost && r.Method != http.MethodPatch && r.Method != http.MethodPut {
		return limit
	}
	m := recordWriteRoute.FindStringSubmatch(r.URL.Path)
	if m == nil || app == nil {
		return limit
	}
	c, err := app.FindCachedCollectionByNameOrId(m[1])
	if err != nil || c == nil || c.IsView() {
		return limit
	}
	for _, f := range c.Fields {
		if ff, ok := f.(*core.FileField); ok {
			limit += ff.CalculateMaxBodySize()
		}
	}
	return limit
}

// isMultipart reports whether the request carries a multipart body.
func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}
