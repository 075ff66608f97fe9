package apis

import (
	"maps"
	"slices"
	"strings"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/pocketbase/dbx"
)

// Query parameters read by the record handlers.
const (
	expandQueryParam = "expand"
	fieldsQueryParam = "fields"
)

// superuserOnlyFilterFields may not appear in a client filter or sort
// unless the request is a superuser's (they would leak other data).
var superuserOnlyFilterFields = []string{"@collection.", "@request."}

// checkSuperuserOnlyFilterFields refuses filter/sort params that use
// superuser-only identifiers, answering 403 as PocketBase does.
func checkSuperuserOnlyFilterFields(info *core.RequestInfo) error {
	if info.HasSuperuserAuth() {
		return nil
	}
	for _, param := range []string{search.FilterQueryParam, search.SortQueryParam} {
		v := info.Query[param]
		if v == "" {
			continue
		}
		for _, field := range superuserOnlyFilterFields {
			if strings.Contains(v, field) {
				return router.NewForbiddenError("Only superusers can filter by '"+field+"'", nil)
			}
		}
	}
	return nil
}

// ruleQueryFilter returns a FindRecordById option that narrows the query
// with an API rule; superusers and empty rules add nothing. A nil rule must
// have been refused (403) by the caller already.
func ruleQueryFilter(app *core.App, collection *core.Collection, info *core.RequestInfo, rule *string) func(q *dbx.SelectQuery) error {
	if info.HasSuperuserAuth() || rule == nil || *rule == "" {
		return nil
	}
	return func(q *dbx.SelectQuery) error {
		resolver := core.NewRecordFieldResolver(app, collection, info, true)
		expr, err := search.FilterData(*rule).BuildExpr(resolver)
		if err != nil {
			return err
		}
		if err := resolver.UpdateQuery(q); err != nil {
			return err
		}
		q.AndWhere(expr)
		return nil
	}
}

// EnrichRecord prepares one record for a client: expands (the "expand"
// query param plus defaultExpands), visibility flags and OnRecordEnrich.
func EnrichRecord(e *core.RequestEvent, record *core.Record, defaultExpands ...string) error {
	if record == nil {
		return nil
	}
	return EnrichRecords(e, []*core.Record{record}, defaultExpands...)
}

// EnrichRecords is EnrichRecord for many records; expands are fetched in
// one query per relation path (no N+1) and honour each related
// collection's viewRule.
func EnrichRecords(e *core.RequestEvent, records []*core.Record, defaultExpands ...string) error {
	if len(records) == 0 {
		return nil
	}
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	expands := defaultExpands
	if param := info.Query[expandQueryParam]; param != "" {
		expands = append(slices.Clone(expands), strings.Split(param, ",")...)
	}
	if len(expands) > 0 {
		if errs := e.App.ExpandRecords(records, expands, e.App.RuleAwareExpandFetch(info)); len(errs) > 0 && e.App.IsDev() {
			e.App.Logger().Debug("failed to expand relations", "errors", errs)
		}
	}
	enricher := &recordEnricher{app: e.App, info: info, manageCache: map[string]bool{}}
	for _, r := range records {
		if err := enricher.enrich(r, 0); err != nil {
			return err
		}
	}
	return nil
}

// maxEnrichDepth bounds the walk through expanded records (expand itself
// is limited to 6 levels).
const maxEnrichDepth = 8

type recordEnricher struct {
	app  *core.App
	info *core.RequestInfo
	// manageCache remembers per "collectionId/recordId" whether the caller
	// passes the auth collection's manageRule for that record.
	manageCache map[string]bool
}

// enrich applies the visibility defaults to r and its expanded records and
// fires OnRecordEnrich for each, so hooks can hide/unhide or add data.
func (en *recordEnricher) enrich(r *core.Record, depth int) error {
	if r == nil || depth > maxEnrichDepth {
		return nil
	}
	event := &core.RecordEnrichEvent{App: en.app, Record: r, RequestInfo: en.info}
	err := en.app.OnRecordEnrich().Trigger(event, func(ev *core.RecordEnrichEvent) error {
		en.applyVisibility(ev.Record)
		return ev.Next()
	})
	if err != nil {
		return err
	}
	for _, v := range r.Expand() {
		switch rel := v.(type) {
		case *core.Record:
			if err := en.enrich(rel, depth+1); err != nil {
				return err
			}
		case []*core.Record:
			for _, item := range rel {
				if err := en.enrich(item, depth+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// applyVisibility shows hidden fields to superusers (never the password or
// tokenKey) and the email of an auth record to its owner, superusers and
// those passing the collection's manageRule.
func (en *recordEnricher) applyVisibility(r *core.Record) {
	c := r.Collection()
	isSuperuser := en.info.HasSuperuserAuth()
	if isSuperuser {
		for _, f := range c.Fields {
			if f.GetHidden() && f.GetName() != core.FieldNameTokenKey && f.Type() != core.FieldTypePassword {
				r.Unhide(f.GetName())
			}
		}
	}
	if !c.IsAuth() {
		return
	}
	auth := en.info.Auth
	switch {
	case isSuperuser:
		r.IgnoreEmailVisibility(true)
	case auth != nil && auth.Id == r.Id && auth.Collection().Id == c.Id:
		r.IgnoreEmailVisibility(true)
	case auth != nil && c.ManageRule != nil && *c.ManageRule != "":
		key := c.Id + "/" + r.Id
		ok, cached := en.manageCache[key]
		if !cached {
			ok, _ = en.app.CanManageRecord(r, en.info)
			en.manageCache[key] = ok
		}
		if ok {
			r.IgnoreEmailVisibility(true)
		}
	}
}

// hasManageAccess reports whether the request passes the auth collection's
// manageRule for the stored record (superusers always do).
func hasManageAccess(app *core.App, info *core.RequestInfo, record *core.Record) bool {
	if info.HasSuperuserAuth() {
		return true
	}
	ok, err := app.CanManageRecord(record, info)
	return err == nil && ok
}

// replaceModifiers resolves modifier keys ("tags+", "+tags", "tags-",
// "title:autogenerate") against a copy of record, so that the request body
// seen by rules and hooks holds the final field values. As in PocketBase,
// shorter keys apply first, so a plain "tags" sent together with "tags+"
// is the base the modifier builds on. Plain keys keep their value as sent
// (password values stay the plain text).
func replaceModifiers(record *core.Record, data map[string]any) map[string]any {
	if len(data) == 0 {
		return data
	}
	hasModifier := false
	for k := range data {
		if name := modifierFieldName(record.Collection(), k); name != "" && name != k {
			hasModifier = true
			break
		}
	}
	if !hasModifier {
		return data
	}
	out := maps.Clone(data)
	scratch := record.Clone()
	keys := slices.Sorted(maps.Keys(data))
	slices.SortStableFunc(keys, func(a, b string) int { return len(a) - len(b) })
	for _, k := range keys {
		name := modifierFieldName(record.Collection(), k)
		if name == "" {
			continue
		}
		scratch.Set(k, data[k])
		if name != k {
			delete(out, k)
			out[name] = scratch.GetRaw(name)
		}
	}
	return out
}

// modifierFieldName returns the field a (possibly modified) key targets,
// or "" when the key names no field.
func modifierFieldName(c *core.Collection, key string) string {
	if f := c.Fields.GetByName(key); f != nil {
		return key
	}
	name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSuffix(key, "+"), "+"), "-")
	if i := strings.IndexByte(name, ':'); i > 0 {
		name = name[:i]
	}
	if name != key && c.Fields.GetByName(name) != nil {
		return name
	}
	return ""
}
