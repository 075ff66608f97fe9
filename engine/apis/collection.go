package apis

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

const msgInvalidFormatting = "Failed to load the submitted data due to invalid formatting."

func bindCollectionApi(r *Router) {
	guard := &core.Middleware{Id: "hbCollectionsSuperuserOnly", Func: requireSuperuserForCollections}
	r.GET("/api/collections", collectionsList).Bind(guard)
	r.POST("/api/collections", collectionCreate).Bind(guard)
	r.PUT("/api/collections/import", collectionsImport).Bind(guard)
	r.GET("/api/collections/meta/scaffolds", collectionScaffolds).Bind(guard)
	r.POST("/api/collections/meta/dry-run-view", collectionDryRunView).Bind(guard)
	r.GET("/api/collections/{collection}", collectionView).Bind(guard)
	r.PATCH("/api/collections/{collection}", collectionUpdate).Bind(guard)
	r.DELETE("/api/collections/{collection}", collectionDelete).Bind(guard)
	r.DELETE("/api/collections/{collection}/truncate", collectionTruncate).Bind(guard)
}

// requireSuperuserForCollections answers 401 to guests and 403 to other
// auth records, with PocketBase's messages.
func requireSuperuserForCollections(e *core.RequestEvent) error {
	if e.Auth == nil {
		return router.NewUnauthorizedError("The request requires valid record authorization token.", nil)
	}
	if !e.Auth.IsSuperuser() {
		return router.NewForbiddenError("The authorized record is not allowed to perform this action.", nil)
	}
	return e.Next()
}

// collectionSortFilterFields are the columns a collections list may use.
var collectionSortFilterFields = []string{"id", "created", "updated", "name", "system", "type"}

func collectionsList(e *core.RequestEvent) error {
	resolver := search.NewSimpleFieldResolver(collectionSortFilterFields...)
	var ids []struct {
		Id string `db:"id"`
	}
	result, err := search.NewProvider(resolver).
		Query(e.App.DB().Select("id").From("_collections")).
		ParseAndExec(e.Request.URL.RawQuery, &ids)
	if err != nil {
		return router.NewBadRequestError("", err)
	}
	// The cache is current (every save reloads it); copies keep hooks from
	// mutating the shared instances.
	collections := make([]*core.Collection, 0, len(ids))
	for _, row := range ids {
		cached, err := e.App.FindCachedCollectionByNameOrId(row.Id)
		if err != nil {
			continue
		}
		c, err := cached.Clone()
		if err != nil {
			return err
		}
		collections = append(collections, c)
	}
	result.Items = collections

	event := &core.CollectionsListRequestEvent{RequestEvent: *e, Collections: collections, Result: result}
	return e.App.OnCollectionsListRequest().Trigger(event, func(ev *core.CollectionsListRequestEvent) error {
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Result)
	})
}

func collectionView(e *core.RequestEvent) error {
	c, err := e.App.FindCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || c == nil {
		return router.NewNotFoundError("", nil)
	}
	event := &core.CollectionRequestEvent{RequestEvent: *e, Collection: c}
	return e.App.OnCollectionViewRequest().Trigger(event, func(ev *core.CollectionRequestEvent) error {
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Collection)
	})
}

// readBodyJSON returns the request body as JSON bytes; form and multipart
// bodies (incl. @jsonPayload) are converted, so both decode the same way.
func readBodyJSON(e *core.RequestEvent) ([]byte, error) {
	ct, _, _ := mime.ParseMediaType(e.Request.Header.Get("Content-Type"))
	if ct == "multipart/form-data" || ct == "application/x-www-form-urlencoded" {
		data, err := router.ParseFormBody(e.Request)
		if err != nil {
			return nil, err
		}
		return json.Marshal(data)
	}
	if e.Request.Body == nil {
		return []byte("{}"), nil
	}
	raw, err := io.ReadAll(e.Request.Body)
	if err != nil {
		return nil, router.NewBadRequestError(msgInvalidFormatting, nil)
	}
	if len(strings.TrimSpace(string(raw))) == 0 {
		return []byte("{}"), nil
	}
	return raw, nil
}

func collectionCreate(e *core.RequestEvent) error {
	raw, err := readBodyJSON(e)
	if err != nil {
		return err
	}
	var head struct {
		Type string `json:"type"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return router.NewBadRequestError("Failed to load the collection type data due to invalid formatting.", nil)
	}
	c := core.NewCollection(head.Type, head.Name)
	if err := json.Unmarshal(raw, c); err != nil {
		return router.NewBadRequestError(msgInvalidFormatting, nil)
	}

	event := &core.CollectionRequestEvent{RequestEvent: *e, Collection: c}
	return e.App.OnCollectionCreateRequest().Trigger(event, func(ev *core.CollectionRequestEvent) error {
		if err := ev.App.SaveWithContext(ev.Request.Context(), ev.Collection); err != nil {
			return collectionSaveError(err, "Failed to create collection.")
		}
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Collection)
	})
}

func collectionUpdate(e *core.RequestEvent) error {
	// A fresh copy: the cached instance is shared by concurrent requests.
	c, err := e.App.FindCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || c == nil {
		return router.NewNotFoundError("", nil)
	}
	raw, err := readBodyJSON(e)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, c); err != nil {
		return router.NewBadRequestError(msgInvalidFormatting, nil)
	}

	event := &core.CollectionRequestEvent{RequestEvent: *e, Collection: c}
	return e.App.OnCollectionUpdateRequest().Trigger(event, func(ev *core.CollectionRequestEvent) error {
		if err := ev.App.SaveWithContext(ev.Request.Context(), ev.Collection); err != nil {
			return collectionSaveError(err, "Failed to update collection.")
		}
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Collection)
	})
}

// collectionSaveError answers validation failures with their items and
// anything else with the raw error appended, as PocketBase does.
func collectionSaveError(err error, message string) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	var verrs validation.Errors
	if errors.As(err, &verrs) {
		return router.NewBadRequestError(message, verrs)
	}
	var verr *validation.Error
	if errors.As(err, &verr) {
		return router.NewBadRequestError(message+" "+verr.Message, nil)
	}
	return router.NewBadRequestError(message+" Raw error: \n"+err.Error(), nil)
}

func collectionDelete(e *core.RequestEvent) error {
	c, err := e.App.FindCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || c == nil {
		return router.NewNotFoundError("", nil)
	}
	event := &core.CollectionRequestEvent{RequestEvent: *e, Collection: c}
	return e.App.OnCollectionDeleteRequest().Trigger(event, func(ev *core.CollectionRequestEvent) error {
		if err := ev.App.DeleteWithContext(ev.Request.Context(), ev.Collection); err != nil {
			msg := "Failed to delete collection"
			if refs := referencingCollections(ev.App, ev.Collection); len(refs) > 0 {
				msg += " probably due to existing reference in " + strings.Join(refs, ", ")
			}
			return router.NewBadRequestError(msg, err)
		}
		return ev.NoContent(http.StatusNoContent)
	})
}

// referencingCollections names the other collections with a relation to c.
func referencingCollections(app *core.App, c *core.Collection) []string {
	var names []string
	for _, other := range app.CachedCollections() {
		if other.Id == c.Id {
			continue
		}
		for _, f := range other.Fields {
			if rel, ok := f.(*core.RelationField); ok && rel.CollectionId == c.Id && !slices.Contains(names, other.Name) {
				names = append(names, other.Name)
			}
		}
	}
	return names
}

func collectionScaffolds(e *core.RequestEvent) error {
	scaffolds := map[string]*core.Collection{
		core.CollectionTypeBase: core.NewBaseCollection(""),
		core.CollectionTypeAuth: core.NewAuthCollection(""),
		core.CollectionTypeView: core.NewViewCollection(""),
	}
	for _, c := range scaffolds {
		c.Id = ""
	}
	return e.JSON(http.StatusOK, scaffolds)
}
