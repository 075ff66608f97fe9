package core

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
)

// RequestContextExpand is the @request.context of the view rule checks made
// while expanding relations.
const RequestContextExpand = "expand"

// maxBackRelationExpand bounds how many back-related records one record
// expands (PocketBase's limit).
const maxBackRelationExpand = 1000

// ExpandFetchFunc loads the records of relCollection with the ids; records
// it leaves out (missing or not allowed) are simply not expanded.
type ExpandFetchFunc func(relCollection *Collection, relIds []string) ([]*Record, error)

// ExpandRecord is ExpandRecords for one record.
func (app *App) ExpandRecord(record *Record, expands []string, fetchFunc ExpandFetchFunc) map[string]error {
	return app.ExpandRecords([]*Record{record}, expands, fetchFunc)
}

// ExpandRecords loads the relations named by expands ("author",
// "author.team", "comments_via_post.user"; items may also be comma lists)
// into each record's expand, nesting up to 6 levels. A single relation
// expands to a record, a multiple one to a list in stored order, and a
// back-relation always to a list. fetchFunc loads related records (nil:
// every record, no rules). Paths that cannot be expanded are skipped and
// reported in the returned map by path.
func (app *App) ExpandRecords(records []*Record, expands []string, fetchFunc ExpandFetchFunc) map[string]error {
	if fetchFunc == nil {
		fetchFunc = func(c *Collection, ids []string) ([]*Record, error) { return app.FindRecordsByIds(c, ids) }
	}
	failed := map[string]error{}
	app.expandLevel(records, normalizeExpands(expands), fetchFunc, 1, "", failed)
	if len(failed) == 0 {
		return nil
	}
	return failed
}

// normalizeExpands splits comma lists, trims parts and drops empty or
// duplicate paths.
func normalizeExpands(expands []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, item := range expands {
		for _, path := range strings.Split(item, ",") {
			parts := strings.Split(path, ".")
			clean := parts[:0]
			for _, p := range parts {
				if p = strings.TrimSpace(p); p != "" {
					clean = append(clean, p)
				}
			}
			if len(clean) == 0 {
				continue
			}
			key := strings.Join(clean, ".")
			if !seen[key] {
				seen[key] = true
				out = append(out, key)
			}
		}
	}
	return out
}

// expandLevel expands the first part of every path on records, then the
// rest of the paths on the fetched related records.
func (app *App) expandLevel(records []*Record, paths []string, fetch ExpandFetchFunc, depth int, prefix string, failed map[string]error) {
	if len(records) == 0 || len(paths) == 0 {
		return
	}
	var order []string
	nested := map[string][]string{}
	for _, p := range paths {
		first, rest, _ := strings.Cut(p, ".")
		if _, ok := nested[first]; !ok {
			order = append(order, first)
			nested[first] = nil
		}
		if rest != "" {
			nested[first] = append(nested[first], rest)
		}
	}
	if depth > maxNestedRelations {
		for _, name := range order {
			failed[prefix+name] = fmt.Errorf("max expand depth of %d reached", maxNestedRelations)
		}
		return
	}
	// records of one list normally share a collection; group to be safe
	byCollection := map[*Collection][]*Record{}
	var collections []*Collection
	for _, r := range records {
		if r == nil || r.Collection() == nil {
			continue
		}
		if _, ok := byCollection[r.Collection()]; !ok {
			collections = append(collections, r.Collection())
		}
		byCollection[r.Collection()] = append(byCollection[r.Collection()], r)
	}
	for _, c := range collections {
		for _, name := range order {
			if err := app.expandRelation(c, byCollection[c], name, nested[name], fetch, depth, prefix, failed); err != nil {
				failed[prefix+name] = err
			}
		}
	}
}

// expandRelation expands one relation (or back-relation) name of records.
func (app *App) expandRelation(c *Collection, records []*Record, name string, subPaths []string, fetch ExpandFetchFunc, depth int, prefix string, failed map[string]error) error {
	relCollection, idsOf, multiple, err := app.expandSource(c, records, name)
	if err != nil {
		return err
	}
	// a relation that resolves gives every record an expand, even when it
	// finds nothing, so that clients get "expand": {} as from PocketBase
	for _, r := range records {
		if r.expand == nil {
			r.expand = map[string]any{}
		}
	}
	var all []string
	seen := map[string]bool{}
	for _, r := range records {
		for _, id := range idsOf[r] {
			if !seen[id] {
				seen[id] = true
				all = append(all, id)
			}
		}
	}
	if len(all) == 0 {
		return nil
	}
	fetched, err := fetch(relCollection, all)
	if err != nil {
		return err
	}
	app.expandLevel(fetched, subPaths, fetch, depth+1, prefix+name+".", failed)

	byId := make(map[string]*Record, len(fetched))
	for _, f := range fetched {
		if f != nil {
			byId[f.Id] = f
		}
	}
	for _, r := range records {
		var related []*Record
		for _, id := range idsOf[r] {
			if rel, ok := byId[id]; ok {
				related = append(related, rel)
			}
		}
		if len(related) == 0 {
			continue
		}
		if multiple {
			r.MergeExpand(map[string]any{name: related})
		} else {
			r.MergeExpand(map[string]any{name: related[0]})
		}
	}
	return nil
}

// expandSource finds what name expands to: the related collection, the
// related ids of each record and whether the result is a list.
func (app *App) expandSource(c *Collection, records []*Record, name string) (*Collection, map[*Record][]string, bool, error) {
	idsOf := make(map[*Record][]string, len(records))
	if rel, ok := c.Fields.GetByName(name).(*RelationField); ok {
		relCollection, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil {
			return nil, nil, false, fmt.Errorf("missing collection of relation %q", name)
		}
		for _, r := range records {
			idsOf[r] = fieldStrings(r.GetRaw(name))
		}
		return relCollection, idsOf, rel.IsMultiple(), nil
	}

	m := backRelationRegex.FindStringSubmatch(name)
	if m == nil {
		return nil, nil, false, fmt.Errorf("unknown relation %q", name)
	}
	backCollection, err := app.FindCachedCollectionByNameOrId(m[1])
	if err != nil || !isSafeIdentifier(backCollection.Name) {
		return nil, nil, false, fmt.Errorf("unknown back-relation collection in %q", name)
	}
	backField, ok := backCollection.Fields.GetByName(m[2]).(*RelationField)
	if !ok || backField.CollectionId != c.Id || !isSafeIdentifier(backField.Name) {
		return nil, nil, false, fmt.Errorf("invalid back-relation %q", name)
	}
	p := search.NewParamName()
	var cond string
	if backField.IsMultiple() {
		je := search.NewAlias("__je")
		cond = "EXISTS (SELECT 1 FROM " + search.SQLite.JSONEach(col(backCollection.Name, backField.Name)) +
			" {{" + je + "}} WHERE " + search.SQLite.JSONEachValue(je) + " = {:" + p + "})"
	} else {
		cond = col(backCollection.Name, backField.Name) + " = {:" + p + "}"
	}
	for _, r := range records {
		var ids []string
		err := app.DB().Select(col(backCollection.Name, FieldNameId)).From(backCollection.Name).
			Where(dbx.NewExp(cond, dbx.Params{p: r.Id})).
			OrderBy(search.SQLite.RowID(backCollection.Name)).
			Limit(maxBackRelationExpand).
			Column(&ids)
		if err != nil {
			return nil, nil, false, err
		}
		idsOf[r] = ids
	}
	return backCollection, idsOf, true, nil
}

// RuleAwareExpandFetch returns the fetch function the API uses for expand:
// related records are loaded only when the request satisfies their
// collection's viewRule (superusers see everything, a nil viewRule hides
// them all). Rules run with @request.context = "expand".
func (app *App) RuleAwareExpandFetch(requestInfo *RequestInfo) ExpandFetchFunc {
	info := &RequestInfo{}
	if requestInfo != nil {
		info = requestInfo.Clone()
	}
	info.Context = RequestContextExpand
	return func(relCollection *Collection, relIds []string) ([]*Record, error) {
		if relCollection == nil {
			return nil, errors.New("missing relation collection")
		}
		if !info.HasSuperuserAuth() && relCollection.ViewRule == nil {
			return []*Record{}, nil
		}
		return app.FindRecordsByIds(relCollection, relIds, func(q *dbx.SelectQuery) error {
			return app.ApplyRecordRule(q, relCollection, info, relCollection.ViewRule)
		})
	}
}
