package core

import (
	"context"
	"errors"
	"fmt"

	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/pocketbase/dbx"
)

// saveCollection stores a collection and brings its table, columns and
// indexes in line, all inside one transaction.
func (app *App) saveCollection(ctx context.Context, c *Collection, validate bool) error {
	if err := checkNoNilFields(c); err != nil {
		return err
	}
	isNew := c.IsNew()
	c.initDefaults()
	if c.legacyShape {
		c.legacyShape = false
		app.Logger().Warn(`Deprecated collection shape: "schema" with per-field "options" (PocketBase before v0.23) was converted to "fields"; update the payload or migration`,
			"collection", c.Name)
	}
	now := types.NowDateTime()
	if isNew && c.Created.IsZero() {
		c.Created = now
	}
	c.Updated = now

	hook, execHook, modelHook := app.OnCollectionUpdate(), app.OnCollectionUpdateExecute(), app.OnModelUpdate()
	typ := ModelEventTypeUpdate
	if isNew {
		hook, execHook, modelHook = app.OnCollectionCreate(), app.OnCollectionCreateExecute(), app.OnModelCreate()
		typ = ModelEventTypeCreate
	}

	event := &CollectionEvent{App: app, Context: ctx, Type: typ, Collection: c}
	err := app.RunInTransaction(func(txApp *App) error {
		event.App = txApp
		// the generated id follows the final name: before the hooks, and
		// again after them in case a hook renamed the collection
		c.refreshGeneratedId(txApp)
		return hook.Trigger(event, func(e *CollectionEvent) error {
			e.Collection.refreshGeneratedId(e.App)
			if validate {
				if err := e.App.validateCollection(ctx, e.Collection); err != nil {
					return err
				}
			}
			// Collections are models too: OnModel* handlers see them as
			// records' saves do, around the execute step.
			me := &ModelEvent{App: e.App, Context: ctx, Type: typ, Model: e.Collection}
			return modelHook.Trigger(me, func(me *ModelEvent) error {
				return execHook.Trigger(e, func(e *CollectionEvent) error {
					if err := e.App.writeCollection(ctx, e.Collection, isNew); err != nil {
						return err
					}
					return e.Next()
				})
			})
		})
	})
	event.App = app.root
	if err != nil {
		errEvent := &CollectionErrorEvent{CollectionEvent: *event, Error: err}
		errHook := app.OnCollectionAfterUpdateError()
		if isNew {
			errHook = app.OnCollectionAfterCreateError()
			c.MarkAsNew()
		}
		return withHookErrors(err, errHook.Trigger(errEvent))
	}
	if app.tx == nil {
		if err := app.ReloadCachedCollections(); err != nil {
			return err
		}
	} else {
		app.tx.onCommit(app.root.ReloadCachedCollections)
	}
	success, modelSuccess := app.OnCollectionAfterUpdateSuccess(), app.OnModelAfterUpdateSuccess()
	if isNew {
		success, modelSuccess = app.OnCollectionAfterCreateSuccess(), app.OnModelAfterCreateSuccess()
	}
	return app.afterCommit(func() error {
		return errors.Join(success.Trigger(event),
			modelSuccess.Trigger(&ModelEvent{App: app.root, Context: ctx, Type: typ, Model: c}))
	}, nil)
}

// writeCollection upserts the _collections row and syncs the schema.
func (app *App) writeCollection(ctx context.Context, c *Collection, isNew bool) error {
	var old *Collection
	if !isNew {
		var err error
		old, err = app.FindCollectionByNameOrId(fmt.Sprint(c.LastSavedPK()))
		if err != nil {
			return fmt.Errorf("load stored collection %s: %w", c.Name, err)
		}
	}
	row, err := c.toRow()
	if err != nil {
		return err
	}
	db := app.NonconcurrentDB()
	if isNew {
		_, err = db.Insert("_collections", row).WithContext(ctx).Execute()
	} else {
		_, err = db.Update("_collections", row, dbx.HashExp{"id": c.LastSavedPK()}).WithContext(ctx).Execute()
	}
	if err != nil {
		return fmt.Errorf("store collection %s: %w", c.Name, err)
	}
	if err := app.syncCollectionSchema(old, c); err != nil {
		return fmt.Errorf("sync schema of %s: %w", c.Name, err)
	}
	c.MarkAsNotNew()
	return nil
}

// deleteCollection drops a collection and its table.
func (app *App) deleteCollection(ctx context.Context, c *Collection) error {
	if c.IsNew() {
		return errors.New("cannot delete an unsaved collection")
	}
	event := &CollectionEvent{App: app, Context: ctx, Type: ModelEventTypeDelete, Collection: c}
	err := app.RunInTransaction(func(txApp *App) error {
		event.App = txApp
		return txApp.OnCollectionDelete().Trigger(event, func(e *CollectionEvent) error {
			if c.System {
				return newValidationError("", "validation_system_collection_delete", "System collections cannot be deleted.")
			}
			if refs := e.App.collectionReferences(c); len(refs) > 0 {
				return newValidationError("", "validation_collection_in_use",
					fmt.Sprintf("The collection is referenced by %s.", refs[0]))
			}
			me := &ModelEvent{App: e.App, Context: ctx, Type: ModelEventTypeDelete, Model: c}
			return e.App.OnModelDelete().Trigger(me, func(me *ModelEvent) error {
				return e.App.OnCollectionDeleteExecute().Trigger(e, func(e *CollectionEvent) error {
					db := e.App.NonconcurrentDB()
					if _, err := db.Delete("_collections", dbx.HashExp{"id": c.Id}).WithContext(ctx).Execute(); err != nil {
						return err
					}
					if err := e.App.dropCollectionTable(c); err != nil {
						return err
					}
					return e.Next()
				})
			})
		})
	})
	event.App = app.root
	if err != nil {
		return withHookErrors(err, app.OnCollectionAfterDeleteError().Trigger(&CollectionErrorEvent{CollectionEvent: *event, Error: err}))
	}
	c.MarkAsNew()
	if app.tx == nil {
		if err := app.ReloadCachedCollections(); err != nil {
			return err
		}
	} else {
		app.tx.onCommit(app.root.ReloadCachedCollections)
	}
	return app.afterCommit(func() error {
		if !c.IsView() {
			app.root.deleteStoragePrefix(context.WithoutCancel(ctx), c.BaseFilesPath()+"/")
		}
		return errors.Join(app.OnCollectionAfterDeleteSuccess().Trigger(event),
			app.OnModelAfterDeleteSuccess().Trigger(&ModelEvent{App: app.root, Context: ctx, Type: ModelEventTypeDelete, Model: c}))
	}, nil)
}

// collectionReferences lists "collection.field" relation fields (of other
// collections) that point to c, and views built on it.
func (app *App) collectionReferences(c *Collection) []string {
	all, err := app.FindAllCollections()
	if err != nil {
		return nil
	}
	var refs []string
	for _, other := range all {
		if other.Id == c.Id {
			continue
		}
		for _, f := range other.Fields {
			if rel, ok := f.(*RelationField); ok && rel.CollectionId == c.Id {
				refs = append(refs, other.Name+"."+f.GetName())
			}
		}
	}
	return refs
}
