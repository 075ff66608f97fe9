package tests

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// legacyPosts is a collection in the pre-v0.23 shape older guides and
// migrations use: "schema" with per-field "options" and @request.data.
const legacyPosts = `{
  "name": "legacy_posts",
  "type": "base",
  "listRule": "",
  "createRule": "@request.data.title != '' && @request.auth.id != ''",
  "schema": [
    {"system": false, "id": "lgtitle1", "name": "title", "type": "text", "required": true, "presentable": false, "unique": false,
     "options": {"min": null, "max": 20, "pattern": "^[A-Z]"}},
    {"system": false, "id": "lgauthor", "name": "author", "type": "relation", "required": false, "presentable": false, "unique": false,
     "options": {"collectionId": "_pb_users_auth_", "cascadeDelete": false, "minSelect": null, "maxSelect": 1, "displayFields": null}},
    {"system": false, "id": "lgreader", "name": "readers", "type": "relation", "required": false, "presentable": false, "unique": false,
     "options": {"collectionId": "_pb_users_auth_", "cascadeDelete": false, "minSelect": null, "maxSelect": null, "displayFields": null}},
    {"system": false, "id": "lgscore1", "name": "score", "type": "number", "required": false, "presentable": false, "unique": false,
     "options": {"min": null, "max": 10, "noDecimal": true}}
  ]
}`

// A pre-v0.23 collection payload is converted to "fields" (PocketBase
// itself answers 400 to it), with a deprecation line in the log; its rules
// are validated after the conversion.
func TestLegacyCollectionPayloadConverted(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	su := s.SuperuserToken(t)

	resp, raw := s.Do(http.MethodPost, "/api/collections", json.RawMessage(legacyPosts), su)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create: %d %s", resp.StatusCode, raw)
	}
	var c struct {
		CreateRule string           `json:"createRule"`
		Fields     []map[string]any `json:"fields"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	byName := map[string]map[string]any{}
	for _, f := range c.Fields {
		byName[f["name"].(string)] = f
	}
	checks := []struct {
		field, key string
		want       any
	}{
		{"id", "primaryKey", true},
		{"title", "id", "lgtitle1"}, {"title", "max", float64(20)}, {"title", "pattern", "^[A-Z]"}, {"title", "required", true},
		{"author", "collectionId", "_pb_users_auth_"}, {"author", "maxSelect", float64(1)},
		{"readers", "maxSelect", float64(2147483647)},
		{"score", "onlyInt", true}, {"score", "max", float64(10)},
		{"created", "type", "autodate"}, {"updated", "onUpdate", true},
	}
	for _, ch := range checks {
		if got := byName[ch.field][ch.key]; got != ch.want {
			t.Errorf("%s.%s = %#v, want %#v", ch.field, ch.key, got, ch.want)
		}
	}
	if c.CreateRule != "@request.body.title != '' && @request.auth.id != ''" {
		t.Errorf("createRule %q", c.CreateRule)
	}
	if !s.WaitForLog(`Deprecated collection shape`) || !strings.Contains(s.Log(), "legacy_posts") {
		t.Errorf("no deprecation line in the log:\n%s", s.Log())
	}

	// the converted options apply to records
	resp, raw = s.Do(http.MethodPost, "/api/collections/legacy_posts/records", map[string]any{"title": "lower case", "score": 1.5}, su)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), "validation_invalid_format") || !strings.Contains(string(raw), "validation_only_int_constraint") {
		t.Errorf("record against converted options: %d %s", resp.StatusCode, raw)
	}

	// rules are validated after the conversion
	bad := strings.Replace(strings.Replace(legacyPosts, `"legacy_posts"`, `"legacy_bad"`, 1), `"listRule": ""`, `"listRule": "@request.data.title != '' && nope = 1"`, 1)
	resp, raw = s.Do(http.MethodPost, "/api/collections", json.RawMessage(bad), su)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), `"listRule":{"code":"validation_invalid_rule"`) {
		t.Errorf("bad rule in a legacy payload: %d %s", resp.StatusCode, raw)
	}
}
