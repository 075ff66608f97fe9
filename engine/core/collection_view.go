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
	name     string
	declType string
}

// viewQueryColumns lists the columns of a SELECT through a temporary view,
// so SQLite reports each column's declared type.
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
		out[i] = viewColumn{name: r.Name, declType: strings.ToUpper(r.Type)}
	}
	return out, nil
}

// syncViewSchema (re)creates the SQL view and infers the collection fields:
// a column named like a field of a source collection keeps that field's
// options; others are typed from the column's declared type.
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

func (app *App) inferViewFields(query string, cols []viewColumn) (FieldsList, error) {
	// Source fields from the collections named in the query.
	sources := map[string]Field{}
	lower := strings.ToLower(query)
	all, err := app.FindAllCollections()
	if err != nil {
		return nil, err
	}
	for _, col := range all {
		if !strings.Contains(lower, strings.ToLower(col.Name)) {
			continue
		}
		for _, f := range col.Fields {
			if _, seen := sources[f.GetName()]; !seen && f.GetName() != FieldNameId {
				sources[f.GetName()] = f
			}
		}
	}
	out := FieldsList{}
	for _, vc := range cols {
		var f Field
		switch {
		case vc.name == FieldNameId:
			id := newIdField()
			id.AutogeneratePattern = ""
			f = id
		case sources[vc.name] != nil:
			clone, err := cloneField(sources[vc.name])
			if err != nil {
				return nil, err
			}
			clone.SetSystem(false)
			f = clone
		default:
			f = fieldForDeclType(vc.name, vc.declType)
		}
		f.SetId(DefaultFieldId(f.Type(), vc.name))
		out = append(out, f)
	}
	return out, nil
}

func cloneField(f Field) (Field, error) {
	list, err := FieldsList{f}.Clone()
	if err != nil {
		return nil, err
	}
	return list[0], nil
}

func fieldForDeclType(name, declType string) Field {
	switch {
	case strings.Contains(declType, "BOOL"):
		return &BoolField{Name: name}
	case strings.Contains(declType, "NUM") || strings.Contains(declType, "INT") || strings.Contains(declType, "REAL"):
		f, _ := NewFieldByType(FieldTypeNumber)
		f.SetName(name)
		return f
	case declType == "TEXT":
		return &TextField{Name: name}
	default:
		f, _ := NewFieldByType(FieldTypeJSON)
		f.SetName(name)
		return f
	}
}
