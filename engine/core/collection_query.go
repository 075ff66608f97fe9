package core

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
)

// collectionsCache indexes the loaded collections by id and lower-cased name.
type collectionsCache struct {
	list  []*Collection
	byKey map[string]*Collection
}

func newCollectionsCache(list []*Collection) *collectionsCache {
	c := &collectionsCache{list: list, byKey: make(map[string]*Collection, len(list)*2)}
	for _, col := range list {
		c.byKey[col.Id] = col
		c.byKey[strings.ToLower(col.Name)] = col
	}
	return c
}

// ReloadCachedCollections reloads the collections cache from the database.
func (app *App) ReloadCachedCollections() error {
	list, err := app.FindAllCollections()
	if err != nil {
		return err
	}
	app.collections.Store(newCollectionsCache(list))
	return nil
}

// FindCachedCollectionByNameOrId returns the cached collection (shared:
// treat it as read-only). It is what the request paths use.
func (app *App) FindCachedCollectionByNameOrId(nameOrId string) (*Collection, error) {
	if app.tx != nil {
		// Inside a transaction the schema may be changing: read it fresh.
		return app.FindCollectionByNameOrId(nameOrId)
	}
	if cache := app.collections.Load(); cache != nil {
		if c, ok := cache.byKey[nameOrId]; ok {
			return c, nil
		}
		if c, ok := cache.byKey[strings.ToLower(nameOrId)]; ok {
			return c, nil
		}
		return nil, sql.ErrNoRows
	}
	return app.FindCollectionByNameOrId(nameOrId)
}

// CachedCollections returns the cached collections (read-only).
func (app *App) CachedCollections() []*Collection {
	if cache := app.collections.Load(); cache != nil {
		return cache.list
	}
	list, _ := app.FindAllCollections()
	return list
}

func (app *App) collectionQuery() *dbx.SelectQuery {
	return app.DB().Select("*").From("_collections")
}

func loadCollections(q *dbx.SelectQuery) ([]*Collection, error) {
	var rows []*collectionRow
	if err := q.All(&rows); err != nil {
		return nil, err
	}
	out := make([]*Collection, 0, len(rows))
	for _, row := range rows {
		c, err := row.toCollection()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// FindAllCollections returns every collection (optionally of the given
// types), ordered by creation.
func (app *App) FindAllCollections(collectionTypes ...string) ([]*Collection, error) {
	q := app.collectionQuery().OrderBy("rowid ASC")
	if len(collectionTypes) > 0 {
		vals := make([]any, len(collectionTypes))
		for i, t := range collectionTypes {
			vals[i] = t
		}
		q.AndWhere(dbx.In("type", vals...))
	}
	return loadCollections(q)
}

// FindCollectionByNameOrId loads a fresh copy of a collection (safe to change).
func (app *App) FindCollectionByNameOrId(nameOrId string) (*Collection, error) {
	list, err := loadCollections(app.collectionQuery().
		Where(dbx.NewExp("[[id]] = {:v} OR LOWER([[name]]) = {:lower}", dbx.Params{"v": nameOrId, "lower": strings.ToLower(nameOrId)})).
		Limit(1))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, sql.ErrNoRows
	}
	return list[0], nil
}

// IsCollectionNameUnique reports whether no other collection (or table)
// uses name, ignoring the collections with excludeIds.
func (app *App) IsCollectionNameUnique(name string, excludeIds ...string) bool {
	if name == "" {
		return false
	}
	q := app.DB().Select("count(*)").From("_collections").Where(dbx.NewExp("LOWER([[name]]) = {:name}", dbx.Params{"name": strings.ToLower(name)}))
	if len(excludeIds) > 0 {
		vals := make([]any, len(excludeIds))
		for i, id := range excludeIds {
			vals[i] = id
		}
		q.AndWhere(dbx.NotIn("id", vals...))
	}
	var n int
	if err := q.Row(&n); err != nil || n > 0 {
		return false
	}
	return true
}

// resolveCollection accepts a *Collection, a name or an id.
func (app *App) resolveCollection(collectionModelOrIdentifier any) (*Collection, error) {
	switch v := collectionModelOrIdentifier.(type) {
	case *Collection:
		return v, nil
	case Collection:
		return &v, nil
	case string:
		return app.FindCachedCollectionByNameOrId(v)
	default:
		return nil, fmt.Errorf("invalid collection identifier %T", collectionModelOrIdentifier)
	}
}

// HasTable reports whether a table or view with the name exists.
func (app *App) HasTable(name string) bool {
	var n int
	err := app.DB().NewQuery(app.dialect.HasTableQuery()).Bind(dbx.Params{"name": name}).Row(&n)
	return err == nil && n > 0
}

// TableColumns lists a table's column names.
func (app *App) TableColumns(table string) ([]string, error) {
	if !isSafeIdentifier(table) {
		return nil, fmt.Errorf("invalid table name %q", table)
	}
	var cols []string
	err := app.DB().NewQuery(app.dialect.TableColumnsQuery(table)).Column(&cols)
	return cols, err
}

// TableIndexes returns a table's indexes: name → CREATE statement.
func (app *App) TableIndexes(table string) (map[string]string, error) {
	var rows []struct {
		Name string `db:"name"`
		Sql  string `db:"sql"`
	}
	err := app.DB().NewQuery(app.dialect.TableIndexesQuery()).Bind(dbx.Params{"table": table}).All(&rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Name] = r.Sql
	}
	return out, nil
}

// isSafeIdentifier accepts the names we allow for tables and columns.
func isSafeIdentifier(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
