package bindings

import (
	"context"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

// RecordUpsertForm is `new RecordUpsertForm(app, record)`: it loads client
// style data into a record and saves it with the checks the record create
// and update APIs apply on top of the field validators (hidden fields,
// the auth password confirmation and old password, email and verified
// changes). Without grantSuperuserAccess()/grantManagerAccess() it acts
// as a regular client would.
type RecordUpsertForm struct {
	app       *core.App
	record    *core.Record
	ctx       context.Context
	superuser bool
	manager   bool

	password, passwordConfirm, oldPassword string
}

// NewRecordUpsertForm makes a form that saves record with app.
func NewRecordUpsertForm(app *core.App, record *core.Record) *RecordUpsertForm {
	return &RecordUpsertForm{app: app, record: record, ctx: context.Background()}
}

// SetContext sets the context the save runs with.
func (f *RecordUpsertForm) SetContext(ctx context.Context) {
	if ctx != nil {
		f.ctx = ctx
	}
}

// SetApp replaces the app the form saves with (e.g. a transaction's app).
func (f *RecordUpsertForm) SetApp(app *core.App) { f.app = app }

// GrantSuperuserAccess lets the form set hidden fields and skip the
// auth checks, as a superuser request would.
func (f *RecordUpsertForm) GrantSuperuserAccess() { f.superuser = true }

// GrantManagerAccess lets the form change auth fields (email, verified,
// password without the old one), as the collection's manageRule would.
func (f *RecordUpsertForm) GrantManagerAccess() { f.manager = true }

// HasManageAccess reports whether superuser or manager access was granted.
func (f *RecordUpsertForm) HasManageAccess() bool { return f.superuser || f.manager }

// Record is the record being saved.
func (f *RecordUpsertForm) Record() *core.Record { return f.record }

// Load sets the fields named in data on the record; field modifiers
// ("tags+", "-tags") work as in the API. Unknown keys, the id of an
// existing record, tokenKey and (without superuser access) hidden fields
// are ignored. For auth records password, passwordConfirm and oldPassword
// are kept for the checks of Submit; an empty password means unchanged.
func (f *RecordUpsertForm) Load(data map[string]any) {
	c := f.record.Collection()
	isAuth := c.IsAuth()
	if isAuth {
		f.password = cast.ToString(data[core.FieldNamePassword])
		f.passwordConfirm = cast.ToString(data["passwordConfirm"])
		f.oldPassword = cast.ToString(data["oldPassword"])
	}
	for key, value := range data {
		if key == core.FieldNameId {
			if id := cast.ToString(value); id != "" && f.record.IsNew() {
				f.record.Id = id
			}
			continue
		}
		field := c.Fields.GetByName(modifiedField(key))
		if field == nil || field.GetName() == core.FieldNameId {
			continue
		}
		name := field.GetName()
		switch {
		case isAuth && name == core.FieldNameTokenKey:
			continue
		case isAuth && name == core.FieldNamePassword:
			if f.password == "" {
				continue
			}
		case field.GetHidden() && !f.superuser:
			continue
		}
		f.record.Set(key, value)
	}
}

// modifiedField is the field name in a key with a modifier ("tags+",
// "+tags", "tags-", "title:autogenerate").
func modifiedField(key string) string {
	if i := strings.IndexByte(key, ':'); i >= 0 {
		key = key[:i]
	}
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(key, "+"), "+"), "-")
}

// Validate runs the form checks and the record's field validators.
func (f *RecordUpsertForm) Validate() error {
	if err := f.checkAuth(); err != nil {
		return err
	}
	return f.app.ValidateWithContext(f.ctx, f.record)
}

// Submit validates and saves the record (firing the model hooks, as
// $app.save does). A changed password rotates the auth token key.
func (f *RecordUpsertForm) Submit() error {
	if err := f.checkAuth(); err != nil {
		return err
	}
	if f.record.Collection().IsAuth() && !f.record.IsNew() && f.password != "" {
		f.record.RefreshTokenKey()
	}
	return f.app.SaveWithContext(f.ctx, f.record)
}

func (f *RecordUpsertForm) checkAuth() error {
	r := f.record
	if !r.Collection().IsAuth() {
		return nil
	}
	isNew := r.IsNew()
	manage := f.HasManageAccess()
	mismatch := validation.NewError("validation_values_mismatch", "Values don't match.")
	errs := validation.Errors{}
	if !isNew && !manage && r.Email() != r.Original().Email() {
		errs[core.FieldNameEmail] = mismatch
	}
	if !manage && r.Verified() != r.Original().Verified() {
		errs[core.FieldNameVerified] = mismatch
	}
	if (isNew || f.passwordConfirm != "" || f.oldPassword != "") && f.password == "" {
		errs[core.FieldNamePassword] = validation.Required()
	}
	if (isNew || f.password != "" || f.oldPassword != "") && f.passwordConfirm == "" {
		errs["passwordConfirm"] = validation.Required()
	} else if (isNew || f.password != "") && f.passwordConfirm != f.password {
		errs["passwordConfirm"] = mismatch
	}
	if !isNew && !manage && f.password != "" {
		if f.oldPassword == "" {
			errs["oldPassword"] = validation.Required()
		} else if !r.Original().ValidatePassword(f.oldPassword) {
			errs["oldPassword"] = validation.NewError("validation_invalid_old_password", "Missing or invalid old password.")
		}
	}
	return errs.Filter()
}
