package core

import (
	"context"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
)

// Model is anything app.Save/Delete can store: records, collections and
// plain models that know their table and column values.
type Model interface {
	TableName() string
	PK() any
	LastSavedPK() any
	IsNew() bool
	MarkAsNew()
	MarkAsNotNew()
}

// ColumnValuer is a plain model that lists its column values for storage
// (e.g. a log row); records and collections are handled specially.
type ColumnValuer interface {
	Model
	ColumnValues() map[string]any
}

// Save validates and stores a model, firing its hooks.
func (app *App) Save(model Model) error {
	return app.SaveWithContext(context.Background(), model)
}

// SaveWithContext is Save with a context.
func (app *App) SaveWithContext(ctx context.Context, model Model) error {
	return app.save(ctx, model, true)
}

// SaveNoValidate stores a model without running its validators.
func (app *App) SaveNoValidate(model Model) error {
	return app.save(context.Background(), model, false)
}

// SaveNoValidateWithContext is SaveNoValidate with a context.
func (app *App) SaveNoValidateWithContext(ctx context.Context, model Model) error {
	return app.save(ctx, model, false)
}

// Validate runs a model's validators (and validate hooks) without saving.
func (app *App) Validate(model Model) error {
	return app.ValidateWithContext(context.Background(), model)
}

// ValidateWithContext is Validate with a context.
func (app *App) ValidateWithContext(ctx context.Context, model Model) error {
	switch m := unproxy(model).(type) {
	case *Record:
		return app.validateRecord(ctx, m)
	case *Collection:
		return app.validateCollection(ctx, m)
	default:
		event := &ModelEvent{App: app, Context: ctx, Type: ModelEventTypeValidate, Model: model}
		return app.OnModelValidate().Trigger(event, func(e *ModelEvent) error { return e.Next() })
	}
}

// Delete removes a model, firing its hooks.
func (app *App) Delete(model Model) error {
	return app.DeleteWithContext(context.Background(), model)
}

// DeleteWithContext is Delete with a context.
func (app *App) DeleteWithContext(ctx context.Context, model Model) error {
	switch m := unproxy(model).(type) {
	case *Record:
		return app.deleteRecord(ctx, m)
	case *Collection:
		return app.deleteCollection(ctx, m)
	case ColumnValuer:
		return app.deletePlainModel(ctx, m)
	default:
		return fmt.Errorf("cannot delete %T", model)
	}
}

func (app *App) save(ctx context.Context, model Model, validate bool) error {
	if ctx == nil {
		ctx = context.Background()
	}
	switch m := unproxy(model).(type) {
	case *Record:
		return app.saveRecord(ctx, m, validate)
	case *Collection:
		return app.saveCollection(ctx, m, validate)
	case *Settings:
		return app.SaveSettings(m)
	case ColumnValuer:
		return app.savePlainModel(ctx, m)
	default:
		return fmt.Errorf("cannot save %T", model)
	}
}

// savePlainModel stores a ColumnValuer with the model hooks (used for
// _logs rows: a handler that skips e.Next() drops the row).
func (app *App) savePlainModel(ctx context.Context, m ColumnValuer) error {
	isNew := m.IsNew()
	typ := ModelEventTypeUpdate
	hook, execHook := app.OnModelUpdate(), app.OnModelUpdateExecute()
	if isNew {
		typ = ModelEventTypeCreate
		hook, execHook = app.OnModelCreate(), app.OnModelCreateExecute()
	}
	event := &ModelEvent{App: app, Context: ctx, Type: typ, Model: m}
	err := hook.Trigger(event, func(e *ModelEvent) error {
		return execHook.Trigger(e, func(e *ModelEvent) error {
			db := e.App.builderFor(m.TableName())
			values := m.ColumnValues()
			var err error
			if isNew {
				_, err = db.Insert(m.TableName(), values).WithContext(ctx).Execute()
			} else {
				_, err = db.Update(m.TableName(), values, hashPK(m.LastSavedPK())).WithContext(ctx).Execute()
			}
			if err != nil {
				return err
			}
			m.MarkAsNotNew()
			return e.Next()
		})
	})
	if err != nil {
		return err
	}
	if isNew {
		return app.OnModelAfterCreateSuccess().Trigger(event)
	}
	return app.OnModelAfterUpdateSuccess().Trigger(event)
}

func (app *App) deletePlainModel(ctx context.Context, m ColumnValuer) error {
	if m.IsNew() {
		return errors.New("cannot delete an unsaved model")
	}
	event := &ModelEvent{App: app, Context: ctx, Type: ModelEventTypeDelete, Model: m}
	err := app.OnModelDelete().Trigger(event, func(e *ModelEvent) error {
		return e.App.OnModelDeleteExecute().Trigger(e, func(e *ModelEvent) error {
			_, err := e.App.builderFor(m.TableName()).Delete(m.TableName(), hashPK(m.LastSavedPK())).WithContext(ctx).Execute()
			if err != nil {
				return err
			}
			return e.Next()
		})
	})
	if err != nil {
		return err
	}
	return app.OnModelAfterDeleteSuccess().Trigger(event)
}

// builderFor picks the writer of the database holding table (logs live in
// auxiliary.db).
func (app *App) builderFor(table string) dbx.Builder {
	if table == LogsTableName {
		return app.AuxNonconcurrentDB()
	}
	return app.NonconcurrentDB()
}

func hashPK(pk any) dbx.HashExp { return dbx.HashExp{"id": pk} }
