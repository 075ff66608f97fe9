package migrations

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/jsvm"
)

// header starts every generated file: editors resolve the globals from the
// types.d.ts that serve writes into pb_data.
const header = jsvm.TypesReferenceLine + "\n"

// BlankTemplate is the body of `migrate create NAME`.
const BlankTemplate = header + `migrate((app) => {
  // add up queries...
}, (app) => {
  // add down queries...
})
`

var unsafeName = regexp.MustCompile(`[^\w]+`)

// FileName is "<unix>_<name>.js", the name cleaned to [A-Za-z0-9_].
func FileName(now time.Time, name string) string {
	name = strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(name), "_"), "_")
	return strconv.FormatInt(now.Unix(), 10) + "_" + name + ".js"
}

// WriteFile writes content as a new migration named FileName(ts, name) in
// dir and returns its full path. ts is now, or one second after the newest
// file already there when that is not older, so that changes made within
// the same second still apply in the order they were made.
func WriteFile(dir string, now time.Time, name string, content string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("migrations: create dir: %w", err)
	}
	ts := now.Unix()
	if newest := newestPrefix(dir); newest >= ts {
		ts = newest + 1
	}
	for {
		path := filepath.Join(dir, FileName(time.Unix(ts, 0), name))
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) {
			ts++ // written concurrently: take the next second
			continue
		}
		if err != nil {
			return "", fmt.Errorf("migrations: %w", err)
		}
		if _, err := f.WriteString(content); err != nil {
			f.Close()
			os.Remove(path)
			return "", fmt.Errorf("migrations: write %s: %w", path, err)
		}
		return path, f.Close()
	}
}

var tsPrefix = regexp.MustCompile(`^(\d+)_`)

// newestPrefix is the largest "<unix>_" prefix among the files of dir.
func newestPrefix(dir string) int64 {
	entries, _ := os.ReadDir(dir)
	var newest int64
	for _, e := range entries {
		if m := tsPrefix.FindStringSubmatch(e.Name()); m != nil {
			if v, err := strconv.ParseInt(m[1], 10, 64); err == nil && v > newest {
				newest = v
			}
		}
	}
	return newest
}

// collectionJSON is c in its API JSON shape as a generic map (secrets are
// never written into migration files; a new auth collection gets fresh ones).
func collectionJSON(c *core.Collection) (map[string]any, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	delete(m, "created")
	delete(m, "updated")
	return m, nil
}

// jsLiteral renders v as indented JSON (a valid JS literal) whose lines
// after the first are indented by indent.
func jsLiteral(v any, indent string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indent, "  ")
	if err := enc.Encode(v); err != nil {
		return "null"
	}
	return strings.TrimRight(buf.String(), "\n")
}

// CreatedTemplate creates c in up and deletes it in down.
func CreatedTemplate(c *core.Collection) (string, error) {
	data, err := collectionJSON(c)
	if err != nil {
		return "", err
	}
	return header + "migrate((app) => {\n" + newCollection(data) +
		"}, (app) => {\n" + deleteCollection(c.Id) + "})\n", nil
}

// DeletedTemplate deletes c in up and recreates it in down.
func DeletedTemplate(c *core.Collection) (string, error) {
	data, err := collectionJSON(c)
	if err != nil {
		return "", err
	}
	return header + "migrate((app) => {\n" + deleteCollection(c.Id) +
		"}, (app) => {\n" + newCollection(data) + "})\n", nil
}

func newCollection(data map[string]any) string {
	return "  const collection = new Collection(" + jsLiteral(data, "  ") + ")\n\n  return app.save(collection)\n"
}

func deleteCollection(id string) string {
	return "  const collection = app.findCollectionByNameOrId(" + strconv.Quote(id) + ")\n\n  return app.delete(collection)\n"
}

// UpdatedTemplate turns old into new in up and back in down: changed
// collection properties through unmarshal(), removed fields through
// fields.removeById() and added or changed fields through fields.addAt().
// ok is false when nothing differs (no migration is needed).
func UpdatedTemplate(old, new *core.Collection) (content string, ok bool, err error) {
	oldData, err := collectionJSON(old)
	if err != nil {
		return "", false, err
	}
	newData, err := collectionJSON(new)
	if err != nil {
		return "", false, err
	}
	up, upOK := diffBody(new.Id, oldData, newData)
	down, downOK := diffBody(old.Id, newData, oldData)
	if !upOK && !downOK {
		return "", false, nil
	}
	return header + "migrate((app) => {\n" + up + "}, (app) => {\n" + down + "})\n", true, nil
}

// diffBody is the JS that turns collection `from` into `to`.
func diffBody(id string, from, to map[string]any) (string, bool) {
	var b strings.Builder
	changed := false
	b.WriteString("  const collection = app.findCollectionByNameOrId(" + strconv.Quote(id) + ")\n")

	props := map[string]any{}
	for k, v := range to {
		if k == "fields" || k == "id" {
			continue
		}
		if !reflect.DeepEqual(from[k], v) {
			props[k] = v
		}
	}
	for k := range from {
		if _, ok := to[k]; !ok && k != "fields" {
			props[k] = nil
		}
	}
	if len(props) > 0 {
		changed = true
		b.WriteString("\n  // update collection data\n  unmarshal(" + jsLiteral(props, "  ") + ", collection)\n")
	}

	fromFields, toFields := fieldsOf(from), fieldsOf(to)
	toIds := map[string]bool{}
	for _, f := range toFields {
		toIds[fieldId(f)] = true
	}
	for _, f := range fromFields {
		if !toIds[fieldId(f)] {
			changed = true
			b.WriteString("\n  // remove field\n  collection.fields.removeById(" + strconv.Quote(fieldId(f)) + ")\n")
		}
	}
	fromById := map[string]map[string]any{}
	for _, f := range fromFields {
		fromById[fieldId(f)] = f
	}
	for i, f := range toFields {
		prev, existed := fromById[fieldId(f)]
		if existed && reflect.DeepEqual(prev, f) {
			continue
		}
		changed = true
		comment := "add field"
		if existed {
			comment = "update field"
		}
		fmt.Fprintf(&b, "\n  // %s\n  collection.fields.addAt(%d, new Field(%s))\n", comment, i, jsLiteral(f, "  "))
	}
	b.WriteString("\n  return app.save(collection)\n")
	return b.String(), changed
}

func fieldsOf(data map[string]any) []map[string]any {
	list, _ := data["fields"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		if f, ok := item.(map[string]any); ok {
			out = append(out, f)
		}
	}
	return out
}

func fieldId(f map[string]any) string {
	id, _ := f["id"].(string)
	return id
}

// SnapshotTemplate imports every given collection in up (keeping anything
// else that exists); down does nothing, as a snapshot has no "before".
func SnapshotTemplate(collections []*core.Collection) (string, error) {
	items := make([]map[string]any, 0, len(collections))
	for _, c := range collections {
		data, err := collectionJSON(c)
		if err != nil {
			return "", err
		}
		items = append(items, data)
	}
	return header + "migrate((app) => {\n  const snapshot = " + jsLiteral(items, "  ") +
		"\n\n  return app.importCollections(snapshot, false)\n}, (app) => {\n  return null\n})\n", nil
}
