package core

import (
	"context"
	"time"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/types"
)

func init() {
	FieldFactories[FieldTypeAutodate] = func() Field { return &AutodateField{} }
}

// AutodateField is a date set automatically to the current time when a
// record is created (OnCreate) and/or updated (OnUpdate), e.g. the
// "created" and "updated" fields. Record.Set cannot change it; SetRaw can.
type AutodateField struct {
	FieldBase

	OnCreate bool `json:"onCreate"`
	OnUpdate bool `json:"onUpdate"`
}

var (
	_ Field             = (*AutodateField)(nil)
	_ SetterFinder      = (*AutodateField)(nil)
	_ RecordInterceptor = (*AutodateField)(nil)
)

func (f *AutodateField) Type() string { return FieldTypeAutodate }

// MarshalJSON renders every option plus "type".
func (f AutodateField) MarshalJSON() ([]byte, error) {
	type alias AutodateField
	return MarshalFieldWithType(FieldTypeAutodate, alias(f))
}

// ColumnType is TEXT (SQLite cannot add a column with a non-constant default).
func (f *AutodateField) ColumnType(app *App) string { return fieldColumnType(app, dialect.ColumnText) }

// PrepareValue parses raw into a types.DateTime (zero when unparsable).
func (f *AutodateField) PrepareValue(record *Record, raw any) (any, error) {
	d, _ := types.ParseDateTime(raw)
	return d, nil
}

// ValidateValue accepts anything: the value is set by the field itself.
func (f *AutodateField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	return nil
}

// ValidateSettings needs at least one of onCreate/onUpdate, and keeps the
// flags of a system field (e.g. "created") as they are stored.
func (f *AutodateField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	errs := fieldBaseErrors(f.Id, f.Name)
	if !f.OnCreate && !f.OnUpdate {
		msg := "Either onCreate or onUpdate must be enabled."
		errs["onCreate"] = fieldError("validation_required", msg, nil)
		errs["onUpdate"] = fieldError("validation_required", msg, nil)
	}
	if f.System && app != nil && collection != nil && collection.Id != "" {
		if old, err := app.FindCachedCollectionByNameOrId(collection.Id); err == nil && old != nil {
			if oldField, ok := old.Fields.GetById(f.Id).(*AutodateField); ok {
				mismatch := fieldError("validation_values_mismatch", "Values don't match.", nil)
				if oldField.OnCreate != f.OnCreate {
					errs["onCreate"] = mismatch
				}
				if oldField.OnUpdate != f.OnUpdate {
					errs["onUpdate"] = mismatch
				}
			}
		}
	}
	return errs.Filter()
}

// FindSetter makes Record.Set a no-op for the field: clients cannot forge
// the timestamps (use SetRaw to set one explicitly).
func (f *AutodateField) FindSetter(key string) SetterFunc {
	if key == f.Name {
		return func(*Record, any) {}
	}
	return nil
}

// Intercept stamps the current time right before the insert/update. A value
// changed with SetRaw since the record was loaded is kept as is.
func (f *AutodateField) Intercept(ctx context.Context, app *App, record *Record, action string, next func() error) error {
	stamp := (action == InterceptorActionCreateExecute && f.OnCreate) ||
		(action == InterceptorActionUpdateExecute && f.OnUpdate)
	if stamp {
		current, _ := types.ParseDateTime(record.GetRaw(f.Name))
		// The original value only (Original() would clone the whole record
		// on every save).
		original, _ := types.ParseDateTime(record.original[f.Name])
		if current.Equal(original) {
			// Millisecond precision, as stored, so the record equals its row.
			now, _ := types.ParseDateTime(time.Now().UTC().Truncate(time.Millisecond))
			record.SetRaw(f.Name, now)
		}
	}
	return next()
}
