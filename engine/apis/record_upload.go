package apis

import (
	"mime"
	"net/http"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/list"
)

// parseMultipartUploads parses a multipart body with a bounded memory.
func parseMultipartUploads(e *core.RequestEvent) error { return e.ParseMultipartUploads() }

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
			files, err := e.FindUploadedFiles(key)
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

// recordWriteCollection is the collection named by a record create or
// update path (/api/collections/{collection}/records[/{id}][/]), whose
// body limit grows with the collection's file fields; "" for any other
// path. Every write request asks, so it scans instead of a regexp.
func recordWriteCollection(path string) string {
	const prefix = "/api/collections/"
	rest, ok := strings.CutPrefix(path, prefix)
	if !ok {
		return ""
	}
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		return ""
	}
	name, tail := rest[:slash], rest[slash:]
	tail, ok = strings.CutPrefix(tail, "/records")
	if !ok {
		return ""
	}
	if tail == "" || tail == "/" {
		return name
	}
	if tail[0] != '/' {
		return ""
	}
	id := strings.TrimSuffix(tail[1:], "/")
	if id == "" || strings.Contains(id, "/") {
		return ""
	}
	return name
}

// recordBodyLimit is the body limit of a request: the default one, plus
// the most all file fields of the collection may take for record writes
// (PocketBase's dynamic collection body limit).
func recordBodyLimit(app *core.App, r *http.Request, limit int64) int64 {
	if r.Method != http.MethodPost && r.Method != http.MethodPatch && r.Method != http.MethodPut {
		return limit
	}
	name := recordWriteCollection(r.URL.Path)
	if name == "" || app == nil {
		return limit
	}
	c, err := app.FindCachedCollectionByNameOrId(name)
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
