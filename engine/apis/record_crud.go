package apis

import (
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/router"
)

// Messages PocketBase answers for the records API.
const (
	msgOnlySuperusers      = "Only superusers can perform this action."
	msgMissingCollection   = "Missing collection context."
	msgUnsupportedColType  = "Unsupported collection type."
	msgFailedCreateRecord  = "Failed to create record."
	msgFailedUpdateRecord  = "Failed to update record."
	msgFailedDeleteRecord  = "Failed to delete record. Make sure that the record is not part of a required relation reference."
	msgFailedReadSubmitted = "Failed to read the submitted data."
)

func bindRecordCrudApi(r *Router) {
	r.GET("/api/collections/{collection}/records", recordsList)
	r.GET("/api/collections/{collection}/records/{id}", recordView)
	r.POST("/api/collections/{collection}/records", recordCreate)
	r.PATCH("/api/collections/{collection}/records/{id}", recordUpdate)
	r.DELETE("/api/collections/{collection}/records/{id}", recordDelete)
}

// recordCollectionFromPath resolves {collection} from the cache (no query).
func recordCollectionFromPath(e *core.RequestEvent) (*core.Collection, error) {
	c, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || c == nil {
		return nil, router.NewNotFoundError(msgMissingCollection, nil)
	}
	return c, nil
}

// requestInfoOrError wraps body parse failures into a 400.
func requestInfoOrError(e *core.RequestEvent) (*core.RequestInfo, error) {
	info, err := e.RequestInfo()
	if err != nil {
		return nil, router.ToApiError(err)
	}
	return info, nil
}

func recordsList(e *core.RequestEvent) error {
	collection, err := recordCollectionFromPath(e)
	if err != nil {
		return err
	}
	info, err := requestInfoOrError(e)
	if err != nil {
		return err
	}
	isSuperuser := info.HasSuperuserAuth()
	if collection.ListRule == nil && !isSuperuser {
		return router.NewForbiddenError(msgOnlySuperusers, nil)
	}
	if err := checkSuperuserOnlyFilterFields(info); err != nil {
		return err
	}

	query := e.App.RecordQuery(collection)
	if !isSuperuser && *collection.ListRule != "" {
		// The rule may use hidden fields; the client filter may not.
		ruleResolver := core.NewRecordFieldResolver(e.App, collection, info, true)
		expr, err := search.FilterData(*collection.ListRule).BuildExpr(ruleResolver)
		if err != nil {
			return router.NewBadRequestError("", err)
		}
		if err := ruleResolver.UpdateQuery(query); err != nil {
			return router.NewBadRequestError("", err)
		}
		query.AndWhere(expr)
	}

	resolver := core.NewRecordFieldResolver(e.App, collection, info, isSuperuser)
	provider := search.NewProvider(resolver).Query(query)
	if !collection.IsView() {
		// rowid avoids needing an index covering "id" for the count
		provider.CountCol("_rowid_")
	}
	scanner := &core.RecordsScanner{App: e.App, Collection: collection}
	result, err := provider.ParseAndExec(e.Request.URL.RawQuery, scanner)
	if err != nil {
		if !search.IsUserError(err) {
			e.App.Logger().Debug("records list query failed", "collection", collection.Name, "error", err)
		}
		return router.NewBadRequestError("", err)
	}
	records := scanner.Records
	result.Items = records

	event := &core.RecordsListRequestEvent{RequestEvent: *e, Records: records, Result: result}
	event.Collection = collection
	return e.App.OnRecordsListRequest().Trigger(event, func(ev *core.RecordsListRequestEvent) error {
		if err := EnrichRecords(&ev.RequestEvent, ev.Records); err != nil {
			return router.NewBadRequestError("Failed to enrich records.", err)
		}
		throttleEmptyFilteredList(&ev.RequestEvent, collection, info, len(ev.Records))
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Result)
	})
}

// recordUnderRule resolves {collection} and {id} and loads the record that
// the caller may act on under the rule: a locked (nil) rule answers 403 to
// non-superusers, even for a missing id; an unsatisfied rule answers 404,
// exactly like a missing record. Writes refuse view collections.
func recordUnderRule(e *core.RequestEvent, rule func(c *core.Collection) *string, write bool) (*core.Collection, *core.Record, error) {
	collection, err := recordCollectionFromPath(e)
	if err != nil {
		return nil, nil, err
	}
	if write && collection.IsView() {
		return nil, nil, router.NewBadRequestError(msgUnsupportedColType, nil)
	}
	id := e.Request.PathValue("id")
	if id == "" {
		return nil, nil, router.NewNotFoundError("", nil)
	}
	info, err := requestInfoOrError(e)
	if err != nil {
		return nil, nil, err
	}
	if rule(collection) == nil && !info.HasSuperuserAuth() {
		return nil, nil, router.NewForbiddenError(msgOnlySuperusers, nil)
	}
	record, err := e.App.FindRecordById(collection, id, ruleQueryFilter(e.App, collection, info, rule(collection)))
	if err != nil || record == nil {
		return nil, nil, router.NewNotFoundError("", nil)
	}
	return collection, record, nil
}

func recordView(e *core.RequestEvent) error {
	collection, record, err := recordUnderRule(e, func(c *core.Collection) *string { return c.ViewRule }, false)
	if err != nil {
		return err
	}

	event := &core.RecordRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordViewRequest().Trigger(event, func(ev *core.RecordRequestEvent) error {
		if err := EnrichRecord(&ev.RequestEvent, ev.Record); err != nil {
			return router.NewInternalServerError("Failed to enrich record.", err)
		}
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Record)
	})
}

func recordDelete(e *core.RequestEvent) error {
	collection, record, err := recordUnderRule(e, func(c *core.Collection) *string { return c.DeleteRule }, true)
	if err != nil {
		return err
	}

	event := &core.RecordRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordDeleteRequest().Trigger(event, func(ev *core.RecordRequestEvent) error {
		if err := ev.App.DeleteWithContext(ev.Request.Context(), ev.Record); err != nil {
			return router.NewBadRequestError(msgFailedDeleteRecord, err)
		}
		return ev.NoContent(http.StatusNoContent)
	})
}
