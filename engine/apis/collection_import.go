package apis

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
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
		if err := ev.App.ImportCollections(ev.CollectionsData, ev.DeleteMissing); err != nil {
			return router.NewBadRequestError("Failed to import collections.", importCollectionsError(err))
		}
		return ev.NoContent(http.StatusNoContent)
	})
}

// importCollectionsError turns an error of core.ImportCollections into the
// data of PocketBase's 400 answer.
func importCollectionsError(err error) validation.Errors {
	var loadErr *core.CollectionImportLoadError
	var invalid *core.CollectionImportValidationError
	switch {
	case errors.As(err, &loadErr):
		return validation.Errors{"collections": validation.NewError("validation_collections_import_failure",
			fmt.Sprintf("Failed to load the collection at index %d: %s", loadErr.Index, loadErr.Err.Error()))}
	case errors.As(err, &invalid):
		detail, _ := json.MarshalIndent(invalid.Err, "", "  ")
		if len(detail) == 0 || string(detail) == "{}" {
			detail = []byte(invalid.Err.Error())
		}
		return validation.Errors{"collections": validation.NewError("validation_collections_import_failure",
			fmt.Sprintf("Data validations failed for collection %q (%s):\n%s", invalid.Collection.Name, invalid.Collection.Id, detail))}
	}
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		return verrs
	}
	return validation.Errors{"collections": validation.NewError("validation_collections_import_failure",
		"Failed to import the collections configuration. Raw error:\n"+err.Error())}
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
