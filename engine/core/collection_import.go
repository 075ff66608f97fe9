package core

import (
	"encoding/json"
	"fmt"
	"sort"
)

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
// JSON shape, matched by id and then by name) in one transaction. Existing
// fields that the import omits are kept, unless deleteMissing is set: then
// non-system fields and non-system collections absent from the import are
// removed. It is what `migrate collections` snapshots call in their up.
func (app *App) ImportCollections(toImport []map[string]any, deleteMissing bool) error {
	return app.RunInTransaction(func(txApp *App) error {
		imported := make([]*Collection, 0, len(toImport))
		keep := make(map[string]bool, len(toImport))
		for i, data := range toImport {
			c, err := txApp.importedCollection(data, deleteMissing)
			if err != nil {
				return fmt.Errorf("import collections: item %d: %w", i, err)
			}
			imported = append(imported, c)
			keep[c.Id] = true
		}
		// views last: their queries may read the other imported collections
		sort.SliceStable(imported, func(i, j int) bool { return !imported[i].IsView() && imported[j].IsView() })

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
				return fmt.Errorf("import collections: collection %q: %w", c.Name, err)
			}
		}
		return nil
	})
}

// importedCollection loads one import item onto the stored collection it
// names (a fresh copy) or onto a new one.
func (app *App) importedCollection(data map[string]any, deleteMissing bool) (*Collection, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	var existing *Collection
	for _, key := range []string{"id", "name"} {
		if ident, _ := data[key].(string); ident != "" {
			if found, err := app.FindCollectionByNameOrId(ident); err == nil {
				existing = found
				break
			} else if !isNoRows(err) {
				return nil, err
			}
		}
	}
	if existing == nil {
		c := &Collection{}
		if err := json.Unmarshal(raw, c); err != nil {
			return nil, err
		}
		if c.Type == "" {
			c.Type = CollectionTypeBase
		}
		c.MarkAsNew()
		return c, nil
	}

	c, err := existing.Clone()
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, c); err != nil {
		return nil, err
	}
	if c.Type != existing.Type {
		return nil, fmt.Errorf("collection %q: the type cannot be changed from %q to %q", existing.Name, existing.Type, c.Type)
	}
	if _, hasFields := data["fields"]; hasFields {
		for _, f := range existing.Fields {
			if deleteMissing && !f.GetSystem() {
				continue
			}
			if c.Fields.GetById(f.GetId()) == nil {
				c.Fields.Add(f)
			}
		}
	}
	return c, nil
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
