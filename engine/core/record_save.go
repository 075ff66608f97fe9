package core

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/pocketbase/dbx"
)

// saveRecord runs the create/update flow of a record inside a transaction:
// OnRecordCreate → (field interceptors, validation) → OnModelCreate →
// OnRecordCreateExecute → INSERT; After*Success hooks fire after commit.
func (app *App) saveRecord(ctx context.Context, r *Record, validate bool) error {
	if r.collection == nil {
		return errors.New("the record has no collection")
	}
	if r.collection.IsView() {
		return errors.New("view collection records are read-only")
	}
	isNew := r.IsNew()
	// The hooks themselves, not the On*() accessors: each call of those
	// allocates a TaggedHook view, and triggering one is triggering its hook.
	typ, hook, execHook := ModelEventTypeUpdate, app.hooks.onRecordUpdate, app.hooks.onRecordUpdateExecute
	modelHook, action, execAction := app.hooks.onModelUpdate, InterceptorActionUpdate, InterceptorActionUpdateExecute
	if isNew {
		typ, hook, execHook = ModelEventTypeCreate, app.hooks.onRecordCreate, app.hooks.onRecordCreateExecute
		modelHook, action, execAction = app.hooks.onModelCreate, InterceptorActionCreate, InterceptorActionCreateExecute
	}

	event := &RecordEvent{App: app, Context: ctx, Type: typ, Record: r}
	err := app.RunInTransaction(func(txApp *App) error {
		event.App = txApp
		return hook.Trigger(event, func(e *RecordEvent) error {
			rec := e.Record
			if isNew && rec.Id == "" {
				rec.Id = newRecordId(rec.collection)
				rec.generatedId = rec.Id
			}
			return e.App.intercept(ctx, rec, action, func() error {
				if validate {
					if err := e.App.validateRecord(ctx, rec); err != nil {
						return err
					}
				}
				me := &ModelEvent{App: e.App, Context: ctx, Type: typ, Model: rec}
				return modelHook.Trigger(me, func(me *ModelEvent) error {
					return execHook.Trigger(e, func(e *RecordEvent) error {
						err := e.App.intercept(ctx, rec, execAction, func() error {
							return e.App.writeRecord(ctx, rec, isNew)
						})
						if err != nil {
							return err
						}
						return e.Next()
					})
				})
			})
		})
	})
	event.App = app.root
	if err != nil {
		if isNew {
			r.MarkAsNew()
		}
		errEvent := &RecordErrorEvent{RecordEvent: *event, Error: err}
		errHook := app.hooks.onRecordAfterUpdateError
		modelErrHook := app.hooks.onModelAfterUpdateError
		if isNew {
			errHook, modelErrHook = app.hooks.onRecordAfterCreateError, app.hooks.onModelAfterCreateError
		}
		return withHookErrors(err,
			errHook.Trigger(errEvent),
			modelErrHook.Trigger(&ModelErrorEvent{ModelEvent: ModelEvent{App: app.root, Context: ctx, Type: typ, Model: r}, Error: err}))
	}

	success, modelSuccess := app.hooks.onRecordAfterUpdateSuccess, app.hooks.onModelAfterUpdateSuccess
	if isNew {
		success, modelSuccess = app.hooks.onRecordAfterCreateSuccess, app.hooks.onModelAfterCreateSuccess
	}
	return app.afterCommit(func() error {
		return errors.Join(
			success.Trigger(event),
			modelSuccess.Trigger(&ModelEvent{App: app.root, Context: ctx, Type: typ, Model: r}))
	}, nil)
}

// intercept runs next wrapped by every field that is a RecordInterceptor.
func (app *App) intercept(ctx context.Context, r *Record, action string, next func() error) error {
	fn := next
	fields := r.collection.Fields
	for i := len(fields) - 1; i >= 0; i-- {
		ri, ok := fields[i].(RecordInterceptor)
		if !ok {
			continue
		}
		inner := fn
		fn = func() error { return ri.Intercept(ctx, app, r, action, inner) }
	}
	return fn()
}

// writeRecord INSERTs or UPDATEs the record row.
func (app *App) writeRecord(ctx context.Context, r *Record, isNew bool) error {
	fields := r.collection.Fields
	names := make([]string, 0, len(fields))
	args := make([]any, 0, len(fields)+1)
	for _, f := range fields {
		name := f.GetName()
		names = append(names, name)
		if name == FieldNameId {
			args = append(args, r.Id)
			continue
		}
		v, err := fieldDriverValue(f, r)
		if err != nil {
			return fmt.Errorf("field %s: %w", name, err)
		}
		args = append(args, v)
	}
	db := app.NonconcurrentDB()
	var query string
	if isNew {
		query = recordInsertSQL(r.collection.Name, names)
	} else {
		query = recordUpdateSQL(r.collection.Name, names)
		args = append(args, r.lastSavedPK)
	}
	ok, err := execRaw(ctx, db, query, args...)
	if !ok {
		values := make(dbx.Params, len(names))
		for i, name := range names {
			values[name] = args[i]
		}
		if isNew {
			_, err = db.Insert(r.collection.Name, values).WithContext(ctx).Execute()
		} else {
			_, err = db.Update(r.collection.Name, values, dbx.HashExp{"id": r.lastSavedPK}).WithContext(ctx).Execute()
		}
	}
	if err != nil {
		return uniqueViolationToValidation(r.collection, err)
	}
	r.markSaved()
	return nil
}

// recordInsertSQL is INSERT INTO "table" ("a", "b") VALUES (?, ?).
func recordInsertSQL(table string, cols []string) string {
	var sb strings.Builder
	sb.Grow(32 + len(table) + 8*len(cols))
	sb.WriteString("INSERT INTO ")
	sb.WriteString(quoteIdent(table))
	sb.WriteString(" (")
	for i, c := range cols {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(quoteIdent(c))
	}
	sb.WriteString(") VALUES (")
	for i := range cols {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('?')
	}
	sb.WriteByte(')')
	return sb.String()
}

// recordUpdateSQL is UPDATE "table" SET "a"=?, "b"=? WHERE "id"=? (the old
// id is the last argument: the id itself may change).
func recordUpdateSQL(table string, cols []string) string {
	var sb strings.Builder
	sb.Grow(32 + len(table) + 8*len(cols))
	sb.WriteString("UPDATE ")
	sb.WriteString(quoteIdent(table))
	sb.WriteString(" SET ")
	for i, c := range cols {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(quoteIdent(c))
		sb.WriteString("=?")
	}
	sb.WriteString(` WHERE "id"=?`)
	return sb.String()
}

// fieldDriverValue converts a record value into what SQLite stores.
func fieldDriverValue(f Field, r *Record) (any, error) {
	if dv, ok := f.(DriverValuer); ok {
		return dv.DriverValue(r)
	}
	return toDriverValue(r.data[f.GetName()])
}

func toDriverValue(v any) (any, error) {
	switch val := v.(type) {
	case nil, string, bool, float64, int, int64, []byte:
		return val, nil
	case driver.Valuer:
		return val.Value()
	case []string:
		raw, err := json.Marshal(val)
		return string(raw), err
	default:
		raw, err := json.Marshal(val)
		return string(raw), err
	}
}

var uniqueFailRegex = regexp.MustCompile(`UNIQUE constraint failed: ([^\s]+)`)

// uniqueViolationToValidation turns a UNIQUE failure into the field error
// clients get (validation_not_unique), keyed by the offending columns.
func uniqueViolationToValidation(c *Collection, err error) error {
	m := uniqueFailRegex.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	errs := validation.Errors{}
	for _, part := range strings.Split(m[1], ",") {
		col := strings.TrimSpace(part)
		if dot := strings.LastIndex(col, "."); dot >= 0 {
			col = col[dot+1:]
		}
		if c.Fields.GetByName(col) != nil {
			errs[col] = validation.NewError(validation.ErrNotUnique.Code, validation.ErrNotUnique.Message)
		}
	}
	if len(errs) == 0 {
		return err
	}
	return errs
}

// newRecordId generates an id from the id field's autogenerate pattern.
func newRecordId(c *Collection) string {
	if f, ok := c.Fields.GetByName(FieldNameId).(*TextField); ok && f.AutogeneratePattern != "" {
		if id, err := security.RandomStringByRegex(f.AutogeneratePattern); err == nil && id != "" {
			return id
		}
	}
	return security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789")
}

// validateRecord validates every field through OnRecordValidate.
func (app *App) validateRecord(ctx context.Context, r *Record) error {
	event := &RecordEvent{App: app, Context: ctx, Type: ModelEventTypeValidate, Record: r}
	return app.hooks.onRecordValidate.Trigger(event, func(e *RecordEvent) error {
		me := &ModelEvent{App: e.App, Context: ctx, Type: ModelEventTypeValidate, Model: r}
		return e.App.hooks.onModelValidate.Trigger(me, func(me *ModelEvent) error {
			errs := validation.Errors{}
			for _, f := range r.collection.Fields {
				if err := f.ValidateValue(ctx, e.App, r); err != nil {
					errs[f.GetName()] = err
				}
			}
			if err := errs.Filter(); err != nil {
				return err
			}
			return e.Next()
		})
	})
}

// deleteRecord deletes a record, applying the relation cascade rules of
// the collections that reference it, inside one transaction.
func (app *App) deleteRecord(ctx context.Context, r *Record) error {
	if r.IsNew() {
		return errors.New("cannot delete an unsaved record")
	}
	if r.collection.IsView() {
		return errors.New("view collection records are read-only")
	}
	event := &RecordEvent{App: app, Context: ctx, Type: ModelEventTypeDelete, Record: r}
	err := app.RunInTransaction(func(txApp *App) error {
		event.App = txApp
		return txApp.OnRecordDelete().Trigger(event, func(e *RecordEvent) error {
			return e.App.intercept(ctx, r, InterceptorActionDelete, func() error {
				me := &ModelEvent{App: e.App, Context: ctx, Type: ModelEventTypeDelete, Model: r}
				return e.App.OnModelDelete().Trigger(me, func(me *ModelEvent) error {
					return e.App.OnRecordDeleteExecute().Trigger(e, func(e *RecordEvent) error {
						if err := e.App.cascadeRecordDelete(ctx, r); err != nil {
							return err
						}
						err := e.App.intercept(ctx, r, InterceptorActionDeleteExecute, func() error {
							_, err := e.App.NonconcurrentDB().Delete(r.collection.Name, dbx.HashExp{"id": r.lastSavedPK}).WithContext(ctx).Execute()
							return err
						})
						if err != nil {
							return err
						}
						return e.Next()
					})
				})
			})
		})
	})
	event.App = app.root
	if err != nil {
		return withHookErrors(err,
			app.OnRecordAfterDeleteError().Trigger(&RecordErrorEvent{RecordEvent: *event, Error: err}),
			app.OnModelAfterDeleteError().Trigger(&ModelErrorEvent{ModelEvent: ModelEvent{App: app.root, Context: ctx, Type: ModelEventTypeDelete, Model: r}, Error: err}))
	}
	r.MarkAsNew()
	return app.afterCommit(func() error {
		return errors.Join(
			app.OnRecordAfterDeleteSuccess().Trigger(event),
			app.OnModelAfterDeleteSuccess().Trigger(&ModelEvent{App: app.root, Context: ctx, Type: ModelEventTypeDelete, Model: r}))
	}, nil)
}

// cascadeRecordDelete deletes (cascadeDelete) or unlinks the records that
// reference r; unlinking a required relation fails the delete.
func (app *App) cascadeRecordDelete(ctx context.Context, r *Record) error {
	all, err := app.FindAllCollections()
	if err != nil {
		return err
	}
	for _, col := range all {
		if col.IsView() {
			continue
		}
		for _, f := range col.Fields {
			rel, ok := f.(*RelationField)
			if !ok || rel.CollectionId != r.collection.Id {
				continue
			}
			refs, err := app.findReferencingRecords(col, rel, r.Id)
			if err != nil {
				return err
			}
			for _, ref := range refs {
				if col.Id == r.collection.Id && ref.Id == r.Id {
					continue
				}
				if rel.CascadeDelete {
					if err := app.DeleteWithContext(ctx, ref); err != nil {
						return fmt.Errorf("cascade delete %s/%s: %w", col.Name, ref.Id, err)
					}
					continue
				}
				remaining := []string{}
				for _, id := range ref.GetStringSlice(rel.Name) {
					if id != r.Id {
						remaining = append(remaining, id)
					}
				}
				if rel.Required && len(remaining) == 0 {
					return validation.NewError("validation_record_in_use",
						fmt.Sprintf("The record cannot be deleted because it is part of a required reference in record %s (%s.%s).", ref.Id, col.Name, rel.Name))
				}
				ref.Set(rel.Name, remaining)
				if err := app.SaveNoValidateWithContext(ctx, ref); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (app *App) findReferencingRecords(col *Collection, rel *RelationField, id string) ([]*Record, error) {
	q := app.RecordQuery(col)
	column := "[[" + col.Name + "." + rel.Name + "]]"
	if rel.IsMultiple() {
		q.AndWhere(dbx.NewExp("EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid("+column+") THEN "+column+" ELSE '[]' END) WHERE json_each.value = {:refId})", dbx.Params{"refId": id}))
	} else {
		q.AndWhere(dbx.NewExp(column+" = {:refId}", dbx.Params{"refId": id}))
	}
	return app.fetchRecords(col, q)
}
