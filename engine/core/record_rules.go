package core

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/pocketbase/dbx"
)

// ErrRuleLocked is returned by ApplyRecordRule for a locked (nil) rule and a
// client that is not a superuser; the API answers it with 403 "Only
// superusers can perform this action.".
var ErrRuleLocked = errors.New("only superusers can perform this action")

// ApplyRecordRule narrows q (a RecordQuery of collection) to the records
// the API rule lets the request see, for list, view, update and delete.
// Superusers bypass every rule; a nil rule is ErrRuleLocked; "" is public.
// Rules may use hidden fields (they are written by superusers).
func (app *App) ApplyRecordRule(q *dbx.SelectQuery, collection *Collection, requestInfo *RequestInfo, rule *string) error {
	if requestInfo.HasSuperuserAuth() {
		return nil
	}
	if rule == nil {
		return ErrRuleLocked
	}
	if strings.TrimSpace(*rule) == "" {
		return nil
	}
	resolver := NewRecordFieldResolver(app, collection, requestInfo, true)
	expr, err := search.FilterData(*rule).BuildExpr(resolver)
	if err != nil {
		return fmt.Errorf("invalid rule of collection %q: %w", collection.Name, err)
	}
	q.AndWhere(expr)
	return resolver.UpdateQuery(q)
}

// CanAccessRecord reports whether the request satisfies accessRule for the
// stored record: nil → only superusers; "" → everyone; otherwise the rule
// must match the record's row.
func (app *App) CanAccessRecord(record *Record, requestInfo *RequestInfo, accessRule *string) (bool, error) {
	if requestInfo.HasSuperuserAuth() {
		return true, nil
	}
	if accessRule == nil {
		return false, nil
	}
	if strings.TrimSpace(*accessRule) == "" {
		return true, nil
	}
	return app.ruleMatchesStored(record, requestInfo, *accessRule)
}

// CheckRecordRule checks a create or update rule the way PocketBase does:
//
//   - for a new record, the rule is evaluated against the would-be row:
//     the record's current values are selected as a one-row CTE shaped
//     like the table (nothing is written), so fields, relations and
//     back-relations of the unsaved record resolve as if it were stored;
//   - for a stored record, the rule is evaluated against its row as stored
//     (the submitted changes are visible through @request.body.*).
//
// For an auth record the check runs with verified=false, so a manage or
// create rule cannot be satisfied by a client claiming verification.
func (app *App) CheckRecordRule(record *Record, requestInfo *RequestInfo, rule *string) (bool, error) {
	if requestInfo.HasSuperuserAuth() {
		return true, nil
	}
	if rule == nil {
		return false, nil
	}
	if strings.TrimSpace(*rule) == "" {
		return true, nil
	}
	if record.IsNew() {
		return app.ruleMatchesUnsaved(record, requestInfo, *rule)
	}
	return app.ruleMatchesStored(record, requestInfo, *rule)
}

// CanManageRecord reports whether the request may manage an auth record
// through its collection's manageRule (change email, password, verified…
// without the owner's credentials). Superusers always may; an empty or nil
// manageRule grants nothing.
func (app *App) CanManageRecord(record *Record, requestInfo *RequestInfo) (bool, error) {
	if requestInfo.HasSuperuserAuth() {
		return true, nil
	}
	c := record.Collection()
	if c == nil || !c.IsAuth() || c.ManageRule == nil || strings.TrimSpace(*c.ManageRule) == "" {
		return false, nil
	}
	if requestInfo == nil || requestInfo.Auth == nil {
		return false, nil
	}
	if record.IsNew() {
		return app.ruleMatchesUnsaved(record, requestInfo, *c.ManageRule)
	}
	return app.ruleMatchesStored(record, requestInfo, *c.ManageRule)
}

// ruleMatchesStored runs `SELECT 1 FROM table WHERE id = ? AND rule`.
func (app *App) ruleMatchesStored(record *Record, requestInfo *RequestInfo, rule string) (bool, error) {
	c := record.Collection()
	if c == nil || !isSafeIdentifier(c.Name) {
		return false, errors.New("the record has no valid collection")
	}
	id, _ := record.LastSavedPK().(string)
	if id == "" {
		id = record.Id
	}
	resolver := NewRecordFieldResolver(app, c, requestInfo, true)
	expr, err := search.FilterData(rule).BuildExpr(resolver)
	if err != nil {
		return false, err
	}
	p := search.NewParamName()
	q := app.DB().Select("(1)").From(c.Name).
		AndWhere(dbx.NewExp(col(c.Name, FieldNameId)+" = {:"+p+"}", dbx.Params{p: id})).
		AndWhere(expr)
	if err := resolver.UpdateQuery(q); err != nil {
		return false, err
	}
	return rowExists(q)
}

// ruleMatchesUnsaved evaluates rule against the record's values selected as
// a one-row CTE named like a table, so the resolver treats it as the base row.
func (app *App) ruleMatchesUnsaved(record *Record, requestInfo *RequestInfo, rule string) (bool, error) {
	c := record.Collection()
	if c == nil || !isSafeIdentifier(c.Name) {
		return false, errors.New("the record has no valid collection")
	}
	dummy := record.Clone()
	if dummy.Id == "" {
		dummy.Id = "__hb_new__" + security.RandomStringWithAlphabet(10, "abcdefghijklmnopqrstuvwxyz0123456789")
	}
	if c.IsAuth() {
		dummy.SetRaw(FieldNameVerified, false)
	}

	params := dbx.Params{}
	selects := make([]string, 0, len(c.Fields))
	for _, f := range c.Fields {
		name := f.GetName()
		if !isSafeIdentifier(name) {
			continue
		}
		var value any = dummy.Id
		if name != FieldNameId {
			v, err := fieldDriverValue(f, dummy)
			if err != nil {
				return false, fmt.Errorf("field %s: %w", name, err)
			}
			value = v
		}
		p := search.NewParamName()
		params[p] = value
		selects = append(selects, "{:"+p+"} AS [["+name+"]]")
	}
	cte := search.NewAlias("__hb_new_")

	resolver := NewRecordFieldResolver(app, c, requestInfo, true)
	resolver.baseTable = cte
	expr, err := search.FilterData(rule).BuildExpr(resolver)
	if err != nil {
		return false, err
	}
	q := app.DB().Select("(1)").
		PreFragment("WITH {{" + cte + "}} AS (SELECT " + strings.Join(selects, ", ") + ")").
		From(cte).
		AndBind(params).
		AndWhere(expr)
	if err := resolver.UpdateQuery(q); err != nil {
		return false, err
	}
	return rowExists(q)
}

func rowExists(q *dbx.SelectQuery) (bool, error) {
	var exists int
	err := q.Limit(1).Row(&exists)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return exists > 0, nil
}
