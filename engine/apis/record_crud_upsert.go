package apis

import (
	"errors"
	"maps"
	"net/http"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/validation"
	"github.com/spf13/cast"
)

// Auth form keys that are no record fields.
const (
	keyPasswordConfirm = "passwordConfirm"
	keyOldPassword     = "oldPassword"
)

func recordCreate(e *core.RequestEvent) error {
	collection, err := recordCollectionFromPath(e)
	if err != nil {
		return err
	}
	if collection.IsView() {
		return router.NewBadRequestError(msgUnsupportedColType, nil)
	}
	if err := parseMultipartUploads(e); err != nil {
		return err
	}
	info, err := requestInfoOrError(e)
	if err != nil {
		return err
	}
	isSuperuser := info.HasSuperuserAuth()
	if collection.CreateRule == nil && !isSuperuser {
		return router.NewForbiddenError(msgOnlySuperusers, nil)
	}

	record := core.NewRecord(collection)
	data, err := mergeUploadedFiles(e, collection, maps.Clone(info.Body))
	if err != nil {
		return err
	}
	data = replaceModifiers(record, data)
	info.Body = data // rules and hooks see the resolved values

	form := newRecordForm(record, isSuperuser)
	form.load(data, true)

	if !isSuperuser {
		// The rules see the would-be record; verified is forced off so a
		// manageRule relying on it cannot be self-granted.
		check := record.Clone()
		if collection.IsAuth() {
			check.SetVerified(false)
		}
		if *collection.CreateRule != "" {
			ok, err := e.App.CheckRecordRule(check, info, collection.CreateRule)
			if err != nil || !ok {
				return router.NewBadRequestError(msgFailedCreateRecord, nil)
			}
		}
		if collection.IsAuth() {
			if ok, err := e.App.CanManageRecord(check, info); err == nil && ok {
				form.manager = true
			}
		}
	}

	event := &core.RecordRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordCreateRequest().Trigger(event, func(ev *core.RecordRequestEvent) error {
		form.record = ev.Record
		if err := form.submit(ev.App, ev); err != nil {
			return recordSaveError(err, msgFailedCreateRecord)
		}
		if err := EnrichRecord(&ev.RequestEvent, ev.Record); err != nil {
			return router.NewInternalServerError("Failed to enrich record.", err)
		}
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Record)
	})
}

func recordUpdate(e *core.RequestEvent) error {
	collection, err := recordCollectionFromPath(e)
	if err != nil {
		return err
	}
	if collection.IsView() {
		return router.NewBadRequestError(msgUnsupportedColType, nil)
	}
	id := e.Request.PathValue("id")
	if id == "" {
		return router.NewNotFoundError("", nil)
	}
	if err := parseMultipartUploads(e); err != nil {
		return err
	}
	info, err := requestInfoOrError(e)
	if err != nil {
		return err
	}
	isSuperuser := info.HasSuperuserAuth()
	if collection.UpdateRule == nil && !isSuperuser {
		return router.NewForbiddenError(msgOnlySuperusers, nil)
	}

	// Fetch first so that modifiers resolve against the stored values, then
	// (only when a rule applies) refetch with the rule seeing the new body.
	record, err := e.App.FindRecordById(collection, id)
	if err != nil {
		return router.NewNotFoundError("", nil)
	}
	data, err := mergeUploadedFiles(e, collection, maps.Clone(info.Body))
	if err != nil {
		return err
	}
	data = replaceModifiers(record, data)
	info.Body = data
	if filter := ruleQueryFilter(e.App, collection, info, collection.UpdateRule); filter != nil {
		record, err = e.App.FindRecordById(collection, id, filter)
		if err != nil {
			return router.NewNotFoundError("", nil)
		}
	}

	form := newRecordForm(record, isSuperuser)
	if !isSuperuser && collection.IsAuth() {
		form.manager = hasManageAccess(e.App, info, record)
	}
	form.load(data, false)

	event := &core.RecordRequestEvent{RequestEvent: *e, Record: record}
	event.Collection = collection
	return e.App.OnRecordUpdateRequest().Trigger(event, func(ev *core.RecordRequestEvent) error {
		form.record = ev.Record
		if err := form.submit(ev.App, ev); err != nil {
			return recordSaveError(err, msgFailedUpdateRecord)
		}
		if err := EnrichRecord(&ev.RequestEvent, ev.Record); err != nil {
			return router.NewInternalServerError("Failed to enrich record.", err)
		}
		return writeJSON(&ev.RequestEvent, http.StatusOK, ev.Record)
	})
}

// recordSaveError keeps API errors (e.g. from hooks) and answers anything
// else as a 400 with the validation items, if any.
func recordSaveError(err error, message string) error {
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		return apiErr
	}
	return router.NewBadRequestError(message, err)
}

// recordForm loads client data into a record and checks the auth-specific
// rules (password confirmation, email/verified changes) before saving.
type recordForm struct {
	record    *core.Record
	superuser bool
	// manager is set when the caller passes the auth collection's manageRule.
	manager bool

	password, passwordConfirm, oldPassword string
}

func newRecordForm(record *core.Record, superuser bool) *recordForm {
	return &recordForm{record: record, superuser: superuser}
}

func (f *recordForm) hasManageAccess() bool { return f.superuser || f.manager }

// load sets the known fields of data on the record. Hidden fields are only
// settable by superusers (the auth password excepted), tokenKey never, and
// the id only on create.
func (f *recordForm) load(data map[string]any, isCreate bool) {
	c := f.record.Collection()
	isAuth := c.IsAuth()
	if isAuth {
		f.password = cast.ToString(data[core.FieldNamePassword])
		f.passwordConfirm = cast.ToString(data[keyPasswordConfirm])
		f.oldPassword = cast.ToString(data[keyOldPassword])
	}
	for k, v := range data {
		switch k {
		case core.FieldNameExpand, core.FieldNameCollectionId, core.FieldNameCollectionName:
			continue
		case core.FieldNameId:
			if isCreate {
				if id := cast.ToString(v); id != "" {
					f.record.Id = id
				}
			}
			continue
		}
		name := modifierFieldName(c, k)
		if name == "" || name == core.FieldNameId || (isAuth && name == core.FieldNameTokenKey) {
			continue
		}
		field := c.Fields.GetByName(name)
		if field.GetHidden() && !f.superuser && !(isAuth && name == core.FieldNamePassword) {
			continue
		}
		if isAuth && name == core.FieldNamePassword && f.password == "" {
			continue // an empty password means "unchanged"
		}
		f.record.Set(k, v)
	}
}

// validate runs the auth form checks PocketBase applies on top of the
// field validators.
func (f *recordForm) validate() error {
	r := f.record
	if !r.Collection().IsAuth() {
		return nil
	}
	isNew := r.IsNew()
	original := r.Original()
	manage := f.hasManageAccess()
	mismatch := func() error { return validation.NewError("validation_values_mismatch", "Values don't match.") }

	errs := validation.Errors{}
	if !isNew && !manage && r.Email() != original.Email() {
		errs[core.FieldNameEmail] = mismatch()
	}
	if !manage && r.Verified() != original.Verified() {
		errs[core.FieldNameVerified] = mismatch()
	}
	if (isNew || f.passwordConfirm != "" || f.oldPassword != "") && f.password == "" {
		errs[core.FieldNamePassword] = validation.Required()
	}
	if (isNew || f.password != "" || f.oldPassword != "") && f.passwordConfirm == "" {
		errs[keyPasswordConfirm] = validation.Required()
	} else if (isNew || f.password != "") && f.passwordConfirm != f.password {
		errs[keyPasswordConfirm] = mismatch()
	}
	if !isNew && !manage && (f.password != "" || f.passwordConfirm != "") {
		if f.oldPassword == "" {
			errs[keyOldPassword] = validation.Required()
		} else if !original.ValidatePassword(f.oldPassword) {
			errs[keyOldPassword] = validation.NewError("validation_invalid_old_password", "Missing or invalid old password.")
		}
	}
	return errs.Filter()
}

// submit validates and saves; a changed password also rotates the tokenKey
// so that tokens issued before stop working.
func (f *recordForm) submit(app *core.App, e *core.RecordRequestEvent) error {
	if err := f.validate(); err != nil {
		return err
	}
	if f.record.Collection().IsAuth() && !f.record.IsNew() && f.password != "" {
		f.record.RefreshTokenKey()
	}
	return app.SaveWithContext(e.Request.Context(), f.record)
}
