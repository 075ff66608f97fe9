package core

import (
	"encoding/json"
	"strings"
)

// Pre-v0.23 PocketBase described a collection's fields as "schema": [...]
// with each field's settings under "options", kept view and auth settings
// under a collection-level "options", had implicit created/updated columns
// and named the submitted data @request.data. Older guides and migrations
// still send that shape; instead of silently dropping it, it is converted
// to the current one (and the save logs a deprecation line).

// legacyFieldOptionRenames maps pre-v0.23 field option names to current ones.
var legacyFieldOptionRenames = map[string]string{"noDecimal": "onlyInt", "convertUrls": "convertURLs"}

// unlimitedMaxSelect is what PocketBase's upgrade gives relations whose old
// maxSelect was empty (unlimited).
const unlimitedMaxSelect = 2147483647

// convertLegacyCollectionJSON returns data in the current shape and true
// when data uses "schema" without "fields"; otherwise data unchanged.
func convertLegacyCollectionJSON(data []byte) ([]byte, bool, error) {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil || m == nil {
		return data, false, nil // let the normal decoding report it
	}
	schema, hasSchema := m["schema"].([]any)
	if _, hasFields := m["fields"]; !hasSchema || hasFields {
		return data, false, nil
	}
	typ, _ := m["type"].(string)

	fields := make([]any, 0, len(schema)+2)
	names := map[string]bool{}
	for _, item := range schema {
		f, ok := item.(map[string]any)
		if !ok {
			continue
		}
		fields = append(fields, convertLegacyField(f))
		name, _ := f["name"].(string)
		names[name] = true
	}
	if typ != CollectionTypeView {
		// the columns every pre-v0.23 record had implicitly
		for _, auto := range []struct {
			name     string
			onUpdate bool
		}{{"created", false}, {"updated", true}} {
			if !names[auto.name] {
				fields = append(fields, map[string]any{"type": FieldTypeAutodate, "name": auto.name, "onCreate": true, "onUpdate": auto.onUpdate})
			}
		}
	}
	m["fields"] = fields
	delete(m, "schema")

	if opts, ok := m["options"].(map[string]any); ok {
		convertLegacyCollectionOptions(m, typ, opts)
		delete(m, "options")
	}
	for _, key := range []string{"listRule", "viewRule", "createRule", "updateRule", "deleteRule", "manageRule", "authRule"} {
		if rule, ok := m[key].(string); ok {
			m[key] = strings.ReplaceAll(rule, "@request.data", "@request.body")
		}
	}
	out, err := json.Marshal(m)
	return out, true, err
}

// convertLegacyField flattens a field's "options" into the field.
func convertLegacyField(f map[string]any) map[string]any {
	out := make(map[string]any, len(f))
	for k, v := range f {
		if k != "options" && k != "unique" {
			out[k] = v
		}
	}
	opts, _ := f["options"].(map[string]any)
	for k, v := range opts {
		if renamed, ok := legacyFieldOptionRenames[k]; ok {
			k = renamed
		}
		if _, set := out[k]; !set {
			out[k] = v
		}
	}
	if out["type"] == FieldTypeRelation {
		if n, ok := out["maxSelect"].(float64); !ok || n <= 0 {
			out["maxSelect"] = unlimitedMaxSelect
		}
	}
	return out
}

// convertLegacyCollectionOptions moves the collection-level options that
// still exist into their current keys (present keys win).
func convertLegacyCollectionOptions(m map[string]any, typ string, opts map[string]any) {
	setIfAbsent := func(key string, v any) {
		if _, ok := m[key]; !ok {
			m[key] = v
		}
	}
	switch typ {
	case CollectionTypeView:
		if q, ok := opts["query"].(string); ok {
			setIfAbsent("viewQuery", q)
		}
	case CollectionTypeAuth:
		if rule, ok := opts["manageRule"]; ok {
			setIfAbsent("manageRule", rule)
		}
		if verified, ok := opts["onlyVerified"].(bool); ok {
			rule := ""
			if verified {
				rule = "verified=true"
			}
			setIfAbsent("authRule", rule)
		}
		if allow, ok := opts["allowEmailAuth"].(bool); ok {
			setIfAbsent("passwordAuth", map[string]any{"enabled": allow, "identityFields": []any{FieldNameEmail}})
		}
	}
}
