package core

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/pocketbase/dbx"
)

func init() {
	FieldFactories[FieldTypeRelation] = func() Field { return &RelationField{} }
}

// RelationField stores the id (MaxSelect <= 1, a string) or ids (a
// []string) of records of the collection CollectionId.
//
// Set modifiers: "name+" appends, "+name" prepends, "name-" removes.
type RelationField struct {
	FieldBase
	Help string `json:"help"`

	Required bool `json:"required"`
	// CollectionId is the related collection.
	CollectionId string `json:"collectionId"`
	// CascadeDelete deletes this record when a related one is deleted.
	CascadeDelete bool `json:"cascadeDelete"`
	// MinSelect is the least number of ids when the value is not empty.
	MinSelect int `json:"minSelect"`
	// MaxSelect > 1 makes the field multi-valued with at most that many ids.
	MaxSelect int `json:"maxSelect"`
}

var (
	_ Field        = (*RelationField)(nil)
	_ MultiValuer  = (*RelationField)(nil)
	_ DriverValuer = (*RelationField)(nil)
	_ SetterFinder = (*RelationField)(nil)
)

func (f *RelationField) Type() string { return FieldTypeRelation }

// MarshalJSON renders every option plus "type".
func (f RelationField) MarshalJSON() ([]byte, error) {
	type alias RelationField
	return MarshalFieldWithType(FieldTypeRelation, alias(f))
}

// IsMultiple reports whether the value is a list (MaxSelect > 1).
func (f *RelationField) IsMultiple() bool { return f.MaxSelect > 1 }

// ColumnType is a JSON array for multiple values, else TEXT.
func (f *RelationField) ColumnType(app *App) string {
	if f.IsMultiple() {
		return fieldColumnType(app, dialect.ColumnJSONArray)
	}
	return fieldColumnType(app, dialect.ColumnText)
}

// PrepareValue normalises raw into an id or a []string of ids.
func (f *RelationField) PrepareValue(record *Record, raw any) (any, error) {
	return fieldMultiValue(fieldStrings(raw), f.IsMultiple()), nil
}

// DriverValue stores a JSON array text (multiple) or the id.
func (f *RelationField) DriverValue(record *Record) (driver.Value, error) {
	return fieldMultiDriverValue(record.GetRaw(f.Name), f.IsMultiple())
}

// ValidateValue checks required, min/maxSelect and that every id exists
// in the related collection.
func (f *RelationField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	ids := fieldStrings(record.GetRaw(f.Name))
	if len(ids) == 0 {
		if f.Required {
			return validation.Required()
		}
		return nil
	}
	if f.MinSelect > 0 && len(ids) < f.MinSelect {
		return fieldError("validation_not_enough_values", fmt.Sprintf("Select at least %d.", f.MinSelect),
			map[string]any{"minSelect": f.MinSelect})
	}
	maxSelect := max(f.MaxSelect, 1)
	if len(ids) > maxSelect {
		return fieldError("validation_too_many_values", fmt.Sprintf("Select no more than %d.", maxSelect),
			map[string]any{"maxSelect": maxSelect})
	}
	rel, err := app.FindCachedCollectionByNameOrId(f.CollectionId)
	if err != nil || rel == nil {
		return fieldError("validation_missing_rel_collection", "Relation connection is missing or cannot be accessed.", nil)
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var total int
	err = app.DB().Select("count(*)").From(rel.Name).Where(dbx.In("id", args...)).WithContext(ctx).Row(&total)
	if err != nil || total != len(ids) {
		return fieldError("validation_missing_rel_records", "Failed to find all relation records with the provided ids.", nil)
	}
	return nil
}

// ValidateSettings checks the related collection (it must exist, cannot
// change once set, and only a view may point to a view) and the select
// bounds.
func (f *RelationField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	if f.CollectionId == "" {
		errs["collectionId"] = validation.Required()
	} else {
		errs["collectionId"] = f.checkCollectionId(app, collection)
	}
	errs["minSelect"] = fieldMinRule(f.MinSelect, 0)
	if f.MinSelect > 0 && f.MaxSelect == 0 {
		errs["maxSelect"] = validation.Required()
	} else {
		errs["maxSelect"] = fieldMinRule(f.MaxSelect, f.MinSelect)
	}
	return errs.Filter()
}

func (f *RelationField) checkCollectionId(app *App, collection *Collection) error {
	if app == nil {
		return nil
	}
	if collection != nil && !collection.IsNew() {
		if old, err := app.FindCachedCollectionByNameOrId(collection.Id); err == nil && old != nil {
			if oldField, ok := old.Fields.GetById(f.Id).(*RelationField); ok && oldField.CollectionId != f.CollectionId {
				return fieldError("validation_field_relation_change", "The relation collection cannot be changed.", nil)
			}
		}
	}
	rel, err := app.FindCachedCollectionByNameOrId(f.CollectionId)
	// A name is not enough: the option must hold the id itself.
	if err != nil || rel == nil || rel.Id != f.CollectionId {
		// The collection may be the one being created (self relation).
		if collection == nil || collection.Id != f.CollectionId {
			return fieldError("validation_field_relation_missing_collection", "The relation collection doesn't exist.", nil)
		}
		rel = collection
	}
	if (collection == nil || !collection.IsView()) && rel.IsView() {
		return fieldError("validation_relation_field_non_view_base_collection",
			"Only view collections are allowed to have relations to other views.", nil)
	}
	return nil
}

// FindSetter handles "name", "name+", "+name" and "name-".
func (f *RelationField) FindSetter(key string) SetterFunc {
	return fieldMultiSetter(f.Name, key, func(record *Record, items []string) {
		record.SetRaw(f.Name, fieldMultiValue(fieldStrings(items), f.IsMultiple()))
	})
}
