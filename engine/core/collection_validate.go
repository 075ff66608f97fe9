package core

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

var collectionNameRegex = regexp.MustCompile(`^\w+$`)

// reservedTableNames may not be used as collection names.
var reservedTableNames = map[string]bool{
	"_collections": true, "_params": true, "_migrations": true, "_logs": true,
	"sqlite_schema": true, "sqlite_master": true, "sqlite_sequence": true,
}

func newValidationError(key, code, message string) error {
	if key == "" {
		return validation.NewError(code, message)
	}
	return validation.Errors{key: validation.NewError(code, message)}
}

// validateCollection checks a collection through OnCollectionValidate.
func (app *App) validateCollection(ctx context.Context, c *Collection) error {
	event := &CollectionEvent{App: app, Context: ctx, Type: ModelEventTypeValidate, Collection: c}
	return app.OnCollectionValidate().Trigger(event, func(e *CollectionEvent) error {
		if err := e.App.checkCollection(ctx, e.Collection); err != nil {
			return err
		}
		return e.Next()
	})
}

func (app *App) checkCollection(ctx context.Context, c *Collection) error {
	errs := validation.Errors{}
	var old *Collection
	if !c.IsNew() {
		old, _ = app.FindCollectionByNameOrId(fmt.Sprint(c.LastSavedPK()))
	}

	switch {
	case c.Name == "":
		errs["name"] = validation.Required()
	case len(c.Name) > 255:
		errs["name"] = validation.NewError("validation_length_out_of_range", "The length must be between 1 and 255.").
			SetParams(map[string]any{"min": 1, "max": 255})
	case strings.Contains(strings.ToLower(c.Name), "_via_"):
		// "_via_" would read as a back-relation in rules and expands
		errs["name"] = validation.NewError("validation_found_via", `The value cannot contain "_via_".`)
	case !collectionNameRegex.MatchString(c.Name):
		errs["name"] = validation.NewError("validation_match_invalid", "Must be in a valid format.")
	case reservedTableNames[strings.ToLower(c.Name)] || strings.HasPrefix(strings.ToLower(c.Name), "sqlite_"):
		errs["name"] = validation.NewError("validation_collection_name_invalid", "The name is reserved by the system.")
	case !app.IsCollectionNameUnique(c.Name, c.Id):
		errs["name"] = validation.NewError("validation_collection_name_exists", "Collection name must be unique (case insensitive).")
	case old != nil && old.System && old.Name != c.Name:
		errs["name"] = validation.NewError("validation_collection_system_name_change", "System collection name cannot be changed.")
	case old == nil && app.HasTable(c.Name):
		errs["name"] = validation.NewError("validation_collection_name_exists", "Collection name must be unique (case insensitive).")
	}

	switch c.Type {
	case CollectionTypeBase, CollectionTypeAuth, CollectionTypeView:
	default:
		errs["type"] = validation.NewError("validation_in_invalid", "Must be a valid value.")
	}
	if old != nil && old.Type != c.Type {
		errs["type"] = validation.NewError("validation_collection_type_change", "Collection type cannot be changed.")
	}
	if c.IsNew() && c.Id != "" && !isSafeIdentifier(c.Id) {
		errs["id"] = validation.NewError("validation_invalid_id", "Invalid id.")
	}

	if err := app.checkCollectionFields(ctx, c, old); err != nil {
		errs["fields"] = err
	}
	if err := app.checkCollectionIndexes(c); err != nil {
		errs["indexes"] = err
	}
	if errs["fields"] == nil {
		// rules resolve against the fields, so only once these are valid
		for key, err := range app.checkCollectionRules(c) {
			errs[key] = err
		}
	}
	app.checkAuthMethodOptions(c, errs)
	if c.IsView() && strings.TrimSpace(c.ViewQuery) == "" {
		errs["viewQuery"] = validation.Required()
	} else if c.IsView() {
		if err := app.checkViewQuery(c.ViewQuery); err != nil {
			errs["viewQuery"] = validation.NewError("validation_invalid_view_query", err.Error())
		}
	}
	return errs.Filter()
}

// checkCollectionFields validates each field's settings; errors are keyed
// by the field's index (the id field counts), as PocketBase keys them.
func (app *App) checkCollectionFields(ctx context.Context, c *Collection, old *Collection) error {
	if c.IsView() {
		return nil
	}
	errs := validation.Errors{}
	id, ok := c.Fields.GetByName(FieldNameId).(*TextField)
	if !ok || !id.PrimaryKey {
		return validation.NewError("validation_missing_primary_key", "Missing or invalid \"id\" primary key field.")
	}
	if err := c.Fields.validateUniqueness(); err != nil {
		return err
	}
	for i, f := range c.Fields {
		key := strconv.Itoa(i)
		if old != nil {
			if of := old.Fields.GetById(f.GetId()); of != nil && of.GetSystem() && of.GetName() != f.GetName() {
				errs[key] = validation.Errors{"name": validation.NewError("validation_system_field_change", "System field name cannot be changed.")}
				continue
			}
		}
		if err := f.ValidateSettings(ctx, app, c); err != nil {
			errs[key] = err
		}
	}
	if old != nil {
		for _, of := range old.Fields {
			if of.GetSystem() && c.Fields.GetById(of.GetId()) == nil {
				errs[strconv.Itoa(len(c.Fields))] = validation.Errors{"id": validation.NewError("validation_system_field_remove", "System fields cannot be removed.")}
			}
		}
	}
	return errs.Filter()
}

func (app *App) checkCollectionIndexes(c *Collection) error {
	if c.IsView() {
		if len(c.Indexes) > 0 {
			return validation.NewError("validation_view_indexes", "View collections don't support indexes.")
		}
		return nil
	}
	errs := validation.Errors{}
	names := map[string]bool{}
	for i, raw := range c.Indexes {
		key := strconv.Itoa(i)
		idx := ParseIndex(raw)
		if !idx.IsValid() {
			errs[key] = validation.NewError("validation_invalid_index_expression", "Invalid CREATE INDEX expression.")
			continue
		}
		lower := strings.ToLower(idx.IndexName)
		if names[lower] {
			errs[key] = validation.NewError("validation_duplicated_index_name", "The index name must be unique.")
			continue
		}
		names[lower] = true
		if !isSafeIdentifier(idx.IndexName) {
			errs[key] = validation.NewError("validation_invalid_index_expression", "Invalid index name.")
			continue
		}
		// The name must not be taken by an index of another table.
		var owner string
		err := app.DB().NewQuery("SELECT tbl_name FROM sqlite_schema WHERE type='index' AND LOWER(name) = {:name}").
			Bind(map[string]any{"name": lower}).Row(&owner)
		if err == nil && !strings.EqualFold(owner, c.Name) && !strings.EqualFold(owner, c.Name) {
			if old := app.oldCollectionName(c); !strings.EqualFold(owner, old) {
				errs[key] = validation.NewError("validation_existing_index_name", "The index name is already used by another table.")
				continue
			}
		}
		for _, col := range idx.Columns {
			if isSafeIdentifier(col.Name) && c.Fields.GetByName(col.Name) == nil {
				errs[key] = validation.NewError("validation_invalid_index_column", fmt.Sprintf("Unknown column %q.", col.Name))
				break
			}
		}
	}
	return errs.Filter()
}

func (app *App) oldCollectionName(c *Collection) string {
	if c.IsNew() {
		return ""
	}
	if old, err := app.FindCollectionByNameOrId(fmt.Sprint(c.LastSavedPK())); err == nil {
		return old.Name
	}
	return ""
}
