package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/hookbase/hookbase/engine/tools/validation"
)

// CollectionImportLoadError is an import item that could not be decoded.
type CollectionImportLoadError struct {
	Index int
	Err   error
}

func (e *CollectionImportLoadError) Error() string {
	return fmt.Sprintf("import collections: item %d: %v", e.Index, e.Err)
}

func (e *CollectionImportLoadError) Unwrap() error { return e.Err }

// CollectionImportValidationError is an imported collection that failed
// validation once every collection of the import was saved.
type CollectionImportValidationError struct {
	Collection *Collection
	Err        error
}

func (e *CollectionImportValidationError) Error() string {
	return fmt.Sprintf("import collections: collection %q: %v", e.Collection.Name, e.Err)
}

func (e *CollectionImportValidationError) Unwrap() error { return e.Err }

// ImportCollectionsByMarshaledJSON is ImportCollections for a JSON array of
// collection objects.
func (app *App) ImportCollectionsByMarshaledJSON(rawSliceOfMaps []byte, deleteMissing bool) error {
	var items []map[string]any
	if err := json.Unmarshal(rawSliceOfMaps, &items); err != nil {
		return fmt.Errorf("import collections: %w", err)
	}
	return app.ImportCollections(items, deleteMissing)
}

// ImportCollections creates or updates the given collections (in their API
// JSON shape) in one transaction, as PocketBase does: an item is matched by
// its id, or by its name when it has no id. Existing fields that the import
// omits are kept, unless deleteMissing is set: then non-system fields and
// non-system collections absent from the import are removed. It serves the
// API import, `app.importCollections` and `migrate collections` snapshots.
func (app *App) ImportCollections(toImport []map[string]any, deleteMissing bool) error {
	if len(toImport) == 0 {
		// an empty import with deleteMissing would drop every collection
		return errors.New("import collections: no collections to import")
	}
	imported := make([]*Collection, 0, len(toImport))
	keep := make(map[string]bool, len(toImport))
	for i, data := range toImport {
		c, err := app.importedCollection(data, deleteMissing)
		if verr := (*CollectionImportValidationError)(nil); errors.As(err, &verr) {
			return err
		} else if err != nil {
			return &CollectionImportLoadError{Index: i, Err: err}
		}
		imported = append(imported, c)
		keep[c.Id] = true
	}
	// views last: their queries may read the other imported collections
	sort.SliceStable(imported, func(i, j int) bool { return !imported[i].IsView() && imported[j].IsView() })

	return app.RunInTransaction(func(txApp *App) error {
		if deleteMissing {
			// relations from the imported collections may still point at the
			// ones to delete, so whatever cannot go yet is retried below
			if err := txApp.deleteCollectionsExcept(keep, false); err != nil {
				return err
			}
		}
		// save all before validating any, so relations between imported
		// collections resolve whatever their order
		for _, c := range imported {
			if err := txApp.SaveNoValidate(c); err != nil {
				return fmt.Errorf("import collections: save %q: %w", c.Name, err)
			}
		}
		if deleteMissing {
			if err := txApp.deleteCollectionsExcept(keep, true); err != nil {
				return err
			}
		}
		for _, c := range imported {
			if err := txApp.Validate(c); err != nil {
				return &CollectionImportValidationError{Collection: c, Err: err}
			}
		}
		return nil
	})
}

// importedCollection loads one import item onto a fresh copy of the stored
// collection it names, or onto a new one.
func (app *App) importedCollection(data map[string]any, deleteMissing bool) (*Collection, error) {
	ident, _ := data["id"].(string)
	if ident == "" {
		ident, _ = data["name"].(string)
	}
	var existing *Collection
	if ident != "" {
		found, err := app.FindCollectionByNameOrId(ident)
		if err != nil && !isNoRows(err) {
			return nil, err
		}
		existing = found
	}
	if existing == nil {
		raw, err := json.Marshal(data)
		if err != nil {
			return nil, err
		}
		c := &Collection{}
		if err := json.Unmarshal(raw, c); err != nil {
			return nil, err
		}
		c.MarkAsNew()
		return c, nil
	}

	if _, ok := data["fields"]; !ok && deleteMissing {
		// a snapshot without fields keeps only the system ones
		data = shallowCopyWith(data, "fields", []any{})
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	c, err := existing.Clone()
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, c); err != nil {
		return nil, err
	}
	if c.Type != existing.Type {
		return nil, &CollectionImportValidationError{Collection: c, Err: validation.Errors{
			"type": validation.NewError("validation_collection_type_change", "Collection type cannot be changed."),
		}}
	}
	if _, hasFields := data["fields"]; hasFields {
		keepExistingFields(c, existing, deleteMissing)
	}
	return c, nil
}

// keepExistingFields adds to the imported field list the existing fields it
// lacks (all of them, or only the system ones with deleteMissing). An
// imported field with the same name and type as such an existing field is
// that field — created elsewhere with another id — so it takes the existing
// id and keeps the column and its data instead of adding a duplicate.
func keepExistingFields(c, existing *Collection, deleteMissing bool) {
	for _, f := range existing.Fields {
		if deleteMissing && !f.GetSystem() {
			continue
		}
		if c.Fields.GetById(f.GetId()) != nil {
			continue
		}
		if same := c.Fields.GetByName(f.GetName()); same != nil && same.Type() == f.Type() {
			same.SetId(f.GetId())
			continue
		}
		c.Fields.Add(f)
	}
}

func shallowCopyWith(m map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	out[key] = value
	return out
}

// deleteCollectionsExcept deletes the non-system collections whose id is
// not in keep. A collection another one still references is retried once
// that one is gone; with strict, what is left in the end is an error.
func (app *App) deleteCollectionsExcept(keep map[string]bool, strict bool) error {
	all, err := app.FindAllCollections()
	if err != nil {
		return err
	}
	var pending []*Collection
	for _, c := range all {
		if !keep[c.Id] && !c.System {
			pending = append(pending, c)
		}
	}
	for len(pending) > 0 {
		var left []*Collection
		var lastErr error
		for _, c := range pending {
			if err := app.Delete(c); err != nil {
				left, lastErr = append(left, c), err
			}
		}
		if len(left) == len(pending) {
			if strict {
				return fmt.Errorf("import collections: delete %q: %w", left[0].Name, lastErr)
			}
			return nil
		}
		pending = left
	}
	return nil
}
