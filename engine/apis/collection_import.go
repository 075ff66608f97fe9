package apis

import (
	"cmp"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

func collectionTruncate(e *core.RequestEvent) error {
	c, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || c == nil {
		return router.NewNotFoundError("", nil)
	}
	if c.IsView() {
		return router.NewBadRequestError("View collections cannot be truncated since they don't store their own records.", nil)
	}
	if err := truncateCollection(e.App, c); err != nil {
		return router.NewBadRequestError("Failed to truncate collection (most likely due to required cascade delete record references).", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// truncateCollection deletes every record one by one (so that hooks fire
// and relation cascades apply), all in one transaction.
func truncateCollection(app *core.App, c *core.Collection) error {
	return app.RunInTransaction(func(txApp *core.App) error {
		for {
			batch, err := txApp.FindRecordsByQuery(c, txApp.RecordQuery(c).Limit(500))
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				return nil
			}
			for _, r := range batch {
				if err := txApp.Delete(r); err != nil {
					return err
				}
			}
		}
	})
}

func collectionsImport(e *core.RequestEvent) error {
	raw, err := readBodyJSON(e)
	if err != nil {
		return err
	}
	var form struct {
		Collections   []map[string]any `json:"collections"`
		DeleteMissing bool             `json:"deleteMissing"`
	}
	if err := json.Unmarshal(raw, &form); err != nil {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", nil)
	}
	if len(form.Collections) == 0 {
		return router.NewBadRequestError("An error occurred while validating the submitted data.",
			validation.Errors{"collections": validation.Required()})
	}

	event := &core.CollectionsImportRequestEvent{RequestEvent: *e, CollectionsData: form.Collections, DeleteMissing: form.DeleteMissing}
	return e.App.OnCollectionsImportRequest().Trigger(event, func(ev *core.CollectionsImportRequestEvent) error {
		err := importCollections(ev.App, ev.CollectionsData, ev.DeleteMissing)
		if err == nil {
			return ev.NoContent(http.StatusNoContent)
		}
		var verrs validation.Errors
		if errors.As(err, &verrs) {
			return router.NewBadRequestError("Failed to import collections.", verrs)
		}
		return router.NewBadRequestError("Failed to import collections.", validation.Errors{
			"collections": validation.NewError("validation_collections_import_failure",
				"Failed to import the collections configuration. Raw error:\n"+err.Error()),
		})
	})
}

// importCollections creates or replaces the given collections (matched by
// id, else by name) in one transaction; with deleteMissing, collections
// and non-system fields absent from the import are removed, otherwise the
// existing fields missing from a payload are kept.
func importCollections(app *core.App, toImport []map[string]any, deleteMissing bool) error {
	imported := make([]*core.Collection, 0, len(toImport))
	byId := make(map[string]*core.Collection, len(toImport))
	existingById := map[string]*core.Collection{}

	for i, data := range toImport {
		identifier := cast.ToString(data["id"])
		if identifier == "" {
			identifier = cast.ToString(data["name"])
		}
		var existing *core.Collection
		if identifier != "" {
			found, err := app.FindCollectionByNameOrId(identifier)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			existing = found
		}

		var c *core.Collection
		if existing != nil {
			// decode onto a second fresh copy so that existing stays pristine
			fresh, err := app.FindCollectionByNameOrId(existing.Id)
			if err != nil {
				return err
			}
			if _, ok := data["fields"]; !ok && deleteMissing {
				data["fields"] = []any{}
			}
			if err := decodeCollection(data, fresh); err != nil {
				return importItemError(i, err)
			}
			for _, f := range existing.Fields {
				if deleteMissing && !f.GetSystem() {
					continue
				}
				if fresh.Fields.GetById(f.GetId()) == nil {
					fresh.Fields.Add(f)
				}
			}
			if fresh.Type != existing.Type {
				return importValidationError(fresh, validation.Errors{"type": validation.NewError("validation_collection_type_change", "Collection type cannot be changed.")})
			}
			c = fresh
			existingById[existing.Id] = existing
		} else {
			c = &core.Collection{}
			if err := decodeCollection(data, c); err != nil {
				return importItemError(i, err)
			}
		}
		imported = append(imported, c)
		byId[c.Id] = c
	}

	// views last: their queries may read the other imported collections
	slices.SortStableFunc(imported, func(a, b *core.Collection) int {
		return cmp.Compare(boolRank(a.IsView()), boolRank(b.IsView()))
	})

	return app.RunInTransaction(func(txApp *core.App) error {
		if deleteMissing {
			// first pass: collections still referenced by an imported one
			// (whose relation is about to go) are retried after the saves
			if err := deleteMissingCollections(txApp, byId, false); err != nil {
				return err
			}
		}
		// Save everything first so relations between imported collections
		// resolve, then validate each one.
		for _, c := range imported {
			if err := txApp.SaveNoValidate(c); err != nil {
				return fmt.Errorf("failed to save collection %q: %w", c.Name, err)
			}
		}
		if deleteMissing {
			if err := deleteMissingCollections(txApp, byId, true); err != nil {
				return err
			}
		}
		for _, c := range imported {
			if err := txApp.Validate(c); err != nil {
				return importValidationError(c, err)
			}
		}
		return nil
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// decodeCollection loads one import item onto c.
func decodeCollection(data map[string]any, c *core.Collection) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, c)
}

func importItemError(index int, err error) error {
	return validation.Errors{"collections": validation.NewError("validation_collections_import_failure",
		fmt.Sprintf("Failed to load the collection at index %d: %s", index, err.Error()))}
}

func importValidationError(c *core.Collection, err error) error {
	detail, _ := json.MarshalIndent(err, "", "  ")
	if len(detail) == 0 || string(detail) == "{}" {
		detail = []byte(err.Error())
	}
	return validation.Errors{"collections": validation.NewError("validation_collections_import_failure",
		fmt.Sprintf("Data validations failed for collection %q (%s):\n%s", c.Name, c.Id, detail))}
}

// deleteMissingCollections deletes the non-system collections that are not
// imported. A collection still referenced by another one being deleted is
// retried after that one is gone; with strict, what cannot be deleted in
// the end is an error.
func deleteMissingCollections(txApp *core.App, keep map[string]*core.Collection, strict bool) error {
	all, err := txApp.FindAllCollections()
	if err != nil {
		return err
	}
	pending := []*core.Collection{}
	for _, c := range all {
		if keep[c.Id] == nil && !c.System {
			pending = append(pending, c)
		}
	}
	for len(pending) > 0 {
		var failed []*core.Collection
		var lastErr error
		for _, c := range pending {
			if err := txApp.Delete(c); err != nil {
				failed = append(failed, c)
				lastErr = err
			}
		}
		if len(failed) == len(pending) {
			if strict {
				return lastErr
			}
			return nil
		}
		pending = failed
	}
	return nil
}

// errDryRunRollback undoes the temporary view of a dry run.
var errDryRunRollback = errors.New("dry run rollback")

// collectionDryRunView creates the view collection of a query inside a
// transaction that is always rolled back, and answers up to 10 of its
// records (as a view collection with that query would list them).
func collectionDryRunView(e *core.RequestEvent) error {
	raw, err := readBodyJSON(e)
	if err != nil {
		return err
	}
	var body struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return router.NewBadRequestError("An error occurred while loading the submitted data.", nil)
	}
	if strings.TrimSpace(body.Query) == "" {
		return router.NewBadRequestError("An error occurred while validating the submitted data.",
			validation.Errors{"query": validation.Required()})
	}

	var sample []map[string]any
	err = e.App.RunInTransaction(func(txApp *core.App) error {
		c := core.NewViewCollection("_hb_dry_run_" + security.RandomStringWithAlphabet(10, "abcdefghijklmnopqrstuvwxyz0123456789"))
		c.ViewQuery = body.Query
		if err := txApp.Save(c); err != nil {
			return err
		}
		records, err := txApp.FindRecordsByQuery(c, txApp.RecordQuery(c).Limit(10))
		if err != nil {
			return err
		}
		sample = make([]map[string]any, len(records))
		for i, r := range records {
			export := r.PublicExport()
			delete(export, core.FieldNameCollectionId)
			delete(export, core.FieldNameCollectionName)
			sample[i] = export
		}
		return errDryRunRollback
	})
	if err != nil && !errors.Is(err, errDryRunRollback) {
		var verrs validation.Errors
		if errors.As(err, &verrs) {
			if q, ok := verrs["viewQuery"]; ok {
				verrs = validation.Errors{"query": q}
			}
			return router.NewBadRequestError("Failed to run the view query.", verrs)
		}
		return router.NewBadRequestError("Failed to run the view query.", nil)
	}
	return e.JSON(http.StatusOK, sample)
}
