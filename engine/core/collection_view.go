package core

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

var viewSelectRegex = regexp.MustCompile(`(?is)^\s*(with\s.+|select\s.+)$`)

// checkViewQuery accepts a single SELECT (or WITH … SELECT) statement that
// SQLite can prepare and that returns an id column.
func (app *App) checkViewQuery(query string) error {
	q := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(query), ";"))
	if !viewSelectRegex.MatchString(q) || strings.Contains(q, ";") {
		return errors.New("only a single SELECT statement is allowed")
	}
	cols, err := app.viewQueryColumns(q)
	if err != nil {
		return err
	}
	for _, c := range cols {
		if c.name == FieldNameId {
			return nil
		}
	}
	return errors.New("the view query must return an id column")
}

type viewColumn struct {
	name string
}

// viewQueryColumns lists the result columns of a SELECT (names as SQLite
// gives them) through a temporary view.
func (app *App) viewQueryColumns(query string) ([]viewColumn, error) {
	tmp := "_hb_tmp_view_check"
	db := app.NonconcurrentDB()
	if _, err := db.NewQuery("DROP VIEW IF EXISTS " + tmp).Execute(); err != nil {
		return nil, err
	}
	if _, err := db.NewQuery("CREATE TEMP VIEW " + tmp + " AS " + query).Execute(); err != nil {
		return nil, fmt.Errorf("invalid view query: %w", err)
	}
	defer db.NewQuery("DROP VIEW IF EXISTS " + tmp).Execute()
	var rows []struct {
		Name string `db:"name"`
		Type string `db:"type"`
	}
	if err := db.NewQuery("SELECT name, type FROM pragma_table_info('" + tmp + "')").All(&rows); err != nil {
		return nil, err
	}
	out := make([]viewColumn, len(rows))
	for i, r := range rows {
		out[i] = viewColumn{name: r.Name}
	}
	return out, nil
}

// syncViewSchema (re)creates the SQL view and infers the collection fields
// from its query (inferViewFields).
func (app *App) syncViewSchema(old, c *Collection) error {
	db := app.NonconcurrentDB()
	if old != nil {
		if _, err := db.NewQuery("DROP VIEW IF EXISTS " + quoteIdent(old.Name)).Execute(); err != nil {
			return err
		}
	}
	query := strings.TrimSuffix(strings.TrimSpace(c.ViewQuery), ";")
	if _, err := db.NewQuery(fmt.Sprintf("CREATE VIEW %s AS %s", quoteIdent(c.Name), query)).Execute(); err != nil {
		return err
	}
	cols, err := app.viewQueryColumns(query)
	if err != nil {
		return err
	}
	fields, err := app.inferViewFields(query, cols)
	if err != nil {
		return err
	}
	c.Fields = fields
	row, err := c.toRow()
	if err != nil {
		return err
	}
	_, err = db.Update("_collections", map[string]any{"fields": row["fields"]}, hashPK(c.Id)).Execute()
	return err
}

// inferViewFields types each column SQLite reports for the view by what
// the SELECT puts in it, as PocketBase does: the id column is the view's
// id; COUNT() is an integer and TOTAL() a number; CAST(… AS type) follows
// the type; a column of a source collection (by table or alias, a bare
// one from the main table) copies that field under the column's name, and
// a collection's id becomes a single relation to it. Anything else
// (expressions, SUM(), literals) is a JSON field.
func (app *App) inferViewFields(query string, cols []viewColumn) (FieldsList, error) {
	parts := parseViewQuery(query)
	sources, err := app.viewSourceCollections(parts.tables)
	if err != nil {
		return nil, err
	}
	suggested := map[string]Field{}
	for _, col := range parts.columns {
		f, err := app.viewColumnField(col, parts.tables, sources)
		if err != nil {
			return nil, err
		}
		if f != nil {
			suggested[col.alias] = f
		}
	}
	out := FieldsList{}
	for _, vc := range cols {
		f := suggested[vc.name]
		if f == nil {
			f = defaultViewField(vc.name)
		}
		f.SetId(DefaultFieldId(f.Type(), vc.name))
		out = append(out, f)
	}
	return out, nil
}

var viewCastRegex = regexp.MustCompile(`(?is)^cast\s*\(.*\s+as\s+(\w+)\s*\)$`)

// viewColumnField is the field of one select column, or nil when the
// column's type can't be told (it becomes JSON).
func (app *App) viewColumnField(col viewIdent, tables []viewIdent, sources map[string]*Collection) (Field, error) {
	if col.alias == "*" || strings.HasSuffix(col.original, ".*") {
		return nil, errors.New("wildcard columns (*) are not supported - list the columns the view should have")
	}
	if col.alias == FieldNameId {
		return defaultViewField(FieldNameId), nil
	}
	lower := strings.ToLower(col.original)
	switch {
	case strings.HasPrefix(lower, "count("):
		return &NumberField{FieldBase: FieldBase{Name: col.alias}, OnlyInt: true}, nil
	case strings.HasPrefix(lower, "total("):
		return &NumberField{FieldBase: FieldBase{Name: col.alias}}, nil
	}
	if m := viewCastRegex.FindStringSubmatch(lower); m != nil {
		switch m[1] {
		case "real", "decimal", "numeric":
			return &NumberField{FieldBase: FieldBase{Name: col.alias}}, nil
		case "int", "integer":
			return &NumberField{FieldBase: FieldBase{Name: col.alias}, OnlyInt: true}, nil
		case "text":
			return &TextField{FieldBase: FieldBase{Name: col.alias}}, nil
		case "boolean", "bool":
			return &BoolField{FieldBase: FieldBase{Name: col.alias}}, nil
		}
	}

	var collection *Collection
	fieldName := col.original
	if table, name, ok := strings.Cut(col.original, "."); ok && !strings.Contains(name, ".") {
		collection, fieldName = sources[table], name
	} else if len(tables) > 0 {
		collection = sources[tables[0].alias]
	}
	if collection == nil {
		return nil, nil
	}
	var source Field
	for _, f := range collection.Fields {
		if strings.EqualFold(f.GetName(), fieldName) {
			source = f
			break
		}
	}
	switch {
	case source == nil:
		return nil, nil
	case strings.EqualFold(fieldName, FieldNameId):
		return &RelationField{FieldBase: FieldBase{Name: col.alias}, CollectionId: collection.Id, MaxSelect: 1}, nil
	}
	clone, err := cloneField(source)
	if err != nil {
		return nil, err
	}
	clone.SetName(col.alias)
	return clone, nil
}

// viewSourceCollections maps each table alias of the query to its
// collection (sub-queries and unknown tables are left out).
func (app *App) viewSourceCollections(tables []viewIdent) (map[string]*Collection, error) {
	out := map[string]*Collection{}
	for _, t := range tables {
		if strings.ContainsAny(t.original, "( ") {
			continue
		}
		c, err := app.FindCollectionByNameOrId(t.original)
		if err != nil {
			continue // a plain table or a CTE, not a collection
		}
		if c.Name == t.original {
			out[t.alias] = c
		}
	}
	return out, nil
}

// defaultViewField is the view's id field or, for any other column, a
// JSON field (PocketBase's defaults for columns it can't type).
func defaultViewField(name string) Field {
	if name == FieldNameId {
		return &TextField{FieldBase: FieldBase{Name: FieldNameId, System: true}, Required: true, PrimaryKey: true, Pattern: "^[a-z0-9]+$"}
	}
	return &JSONField{FieldBase: FieldBase{Name: name}, MaxSize: 1}
}

func cloneField(f Field) (Field, error) {
	list, err := FieldsList{f}.Clone()
	if err != nil {
		return nil, err
	}
	return list[0], nil
}
