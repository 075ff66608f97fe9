package apis

import (
	"regexp"

	"github.com/hookbase/hookbase/engine/core"
)

// fieldSchema is the JSON Schema of a field's value as the API returns it.
func fieldSchema(f core.Field) map[string]any {
	multiple := false
	if m, ok := f.(interface{ IsMultiple() bool }); ok {
		multiple = m.IsMultiple()
	}
	var s map[string]any
	switch f.Type() {
	case "number":
		s = map[string]any{"type": "number"}
	case "bool":
		s = map[string]any{"type": "boolean"}
	case "json":
		s = map[string]any{}
	case "geoPoint":
		s = map[string]any{"type": "object", "properties": map[string]any{
			"lon": map[string]any{"type": "number"}, "lat": map[string]any{"type": "number"}}}
	case "date", "autodate":
		s = map[string]any{"type": "string", "description": "UTC date-time, \"2006-01-02 15:04:05.000Z\" (empty when unset)"}
	case "email":
		s = map[string]any{"type": "string", "description": "email address (empty when unset)"}
	case "url":
		s = map[string]any{"type": "string", "description": "URL (empty when unset)"}
	default: // text, editor, password, select, relation, file and unknown types
		s = map[string]any{"type": "string"}
	}
	if multiple {
		s = map[string]any{"type": "array", "items": s}
	}
	s["x-field-type"] = f.Type()
	return s
}

// collectionSchemas are a collection's record schema (what the API answers)
// and its write schema (what create and update accept).
func collectionSchemas(c *core.Collection) (record, write map[string]any) {
	props := map[string]any{
		"collectionId":   map[string]any{"type": "string"},
		"collectionName": map[string]any{"type": "string"},
	}
	writeProps := map[string]any{}
	for _, f := range c.Fields {
		s := fieldSchema(f)
		if f.Type() != "password" && !f.GetHidden() {
			props[f.GetName()] = s
		}
		if f.Type() != "autodate" {
			ws := map[string]any{}
			for k, v := range s {
				ws[k] = v
			}
			if f.Type() == "file" {
				ws = map[string]any{"description": "file upload (multipart/form-data)", "x-field-type": "file"}
			}
			writeProps[f.GetName()] = ws
		}
	}
	if c.IsAuth() {
		writeProps["passwordConfirm"] = map[string]any{"type": "string"}
	}
	return map[string]any{"type": "object", "properties": props},
		map[string]any{"type": "object", "properties": writeProps}
}

// ruleText says in words who passes a rule: nil is superusers only, ""
// is everyone, anything else is the filter itself.
func ruleText(rule *string) string {
	switch {
	case rule == nil:
		return "Superusers only (rule locked)."
	case *rule == "":
		return "Public: anyone, authenticated or not."
	default:
		return "Allowed when the rule matches: `" + *rule + "` (superusers always)."
	}
}

var schemaNameUnsafe = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// addCollectionPaths adds the CRUD paths of c to paths, and its schemas
// to schemas.
func addCollectionPaths(c *core.Collection, paths, schemas map[string]any) {
	name := schemaNameUnsafe.ReplaceAllString(c.Name, "_")
	recordSchema, writeSchema := collectionSchemas(c)
	schemas[name+"Record"] = recordSchema
	ref := map[string]any{"$ref": "#/components/schemas/" + name + "Record"}
	listSchema := map[string]any{"type": "object", "properties": map[string]any{
		"page": map[string]any{"type": "integer"}, "perPage": map[string]any{"type": "integer"},
		"totalItems": map[string]any{"type": "integer"}, "totalPages": map[string]any{"type": "integer"},
		"items": map[string]any{"type": "array", "items": ref},
	}}
	tags := []any{c.Name}
	rules := map[string]any{"listRule": c.ListRule, "viewRule": c.ViewRule, "createRule": c.CreateRule,
		"updateRule": c.UpdateRule, "deleteRule": c.DeleteRule}
	op := func(summary string, rule *string, ruleName string, responses map[string]any) map[string]any {
		return map[string]any{
			"tags": tags, "summary": summary, "description": ruleText(rule),
			"x-rule":    map[string]any{"name": ruleName, "value": rules[ruleName]},
			"security":  []any{map[string]any{}, map[string]any{"bearerAuth": []any{}}},
			"responses": responses,
		}
	}
	jsonBody := func(schema any) map[string]any {
		return map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	ok := func(desc string, schema any) map[string]any {
		r := map[string]any{"description": desc}
		if schema != nil {
			r["content"] = map[string]any{"application/json": map[string]any{"schema": schema}}
		}
		return r
	}
	errs := map[string]any{"400": errorResponse, "403": errorResponse, "404": errorResponse}
	with := func(m map[string]any) map[string]any {
		for k, v := range errs {
			m[k] = v
		}
		return m
	}
	listParams := []any{}
	for _, q := range []string{"page", "perPage", "sort", "filter", "expand", "fields", "skipTotal"} {
		listParams = append(listParams, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
	}
	viewParams := []any{
		map[string]any{"name": "expand", "in": "query", "schema": map[string]any{"type": "string"}},
		map[string]any{"name": "fields", "in": "query", "schema": map[string]any{"type": "string"}},
	}
	idParam := map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}

	base := "/api/collections/" + c.Name + "/records"
	list := op("List "+c.Name+" records", c.ListRule, "listRule", with(map[string]any{"200": ok("A page of records.", listSchema)}))
	list["parameters"] = listParams
	item := map[string]any{"get": nil}
	view := op("View a "+c.Name+" record", c.ViewRule, "viewRule", with(map[string]any{"200": ok("The record.", ref)}))
	view["parameters"] = viewParams
	item["get"] = view
	collectionPaths := map[string]any{"get": list}
	if !c.IsView() {
		body := jsonBody(writeSchema)
		body["content"].(map[string]any)["multipart/form-data"] = map[string]any{"schema": writeSchema}
		create := op("Create a "+c.Name+" record", c.CreateRule, "createRule", with(map[string]any{"200": ok("The created record.", ref)}))
		create["requestBody"] = body
		collectionPaths["post"] = create
		update := op("Update a "+c.Name+" record", c.UpdateRule, "updateRule", with(map[string]any{"200": ok("The updated record.", ref)}))
		update["requestBody"] = body
		item["patch"] = update
		item["delete"] = op("Delete a "+c.Name+" record", c.DeleteRule, "deleteRule", with(map[string]any{"204": ok("Deleted.", nil)}))
	}
	item["parameters"] = []any{idParam}
	paths[base] = collectionPaths
	paths[base+"/{id}"] = item
}

var errorResponse = map[string]any{
	"description": "An error in PocketBase's shape.",
	"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/ApiError"}}},
}
