package core

import (
	"fmt"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/dialect"
)

// syncCollectionSchema makes the SQL schema match c (old is nil on create).
// Columns are matched by field id, so a renamed field keeps its data.
func (app *App) syncCollectionSchema(old, c *Collection) error {
	if c.IsView() {
		return app.syncViewSchema(old, c)
	}
	if old != nil && old.IsView() {
		return fmt.Errorf("cannot change the type of a view collection")
	}
	db := app.NonconcurrentDB()
	exec := func(sql string) error {
		_, err := db.NewQuery(sql).Execute()
		if err != nil {
			return fmt.Errorf("%w (%s)", err, sql)
		}
		return nil
	}

	if old == nil {
		if err := exec(app.createTableSQL(c)); err != nil {
			return err
		}
		return app.createIndexes(c)
	}

	// Indexes may reference columns that change: drop the old ones first.
	for _, raw := range old.Indexes {
		if idx := ParseIndex(raw); idx.IsValid() {
			if err := exec("DROP INDEX IF EXISTS " + quoteIdent(idx.IndexName)); err != nil {
				return err
			}
		}
	}
	if old.Name != c.Name {
		if err := exec(fmt.Sprintf("ALTER TABLE %s RENAME TO %s", quoteIdent(old.Name), quoteIdent(c.Name))); err != nil {
			return err
		}
	}

	table := quoteIdent(c.Name)
	for _, of := range old.Fields {
		if c.Fields.GetById(of.GetId()) == nil && of.GetName() != FieldNameId {
			if err := exec(fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", table, quoteIdent(of.GetName()))); err != nil {
				return err
			}
		}
	}
	// Two-step renames avoid clashes when fields swap names.
	type rename struct{ from, tmp, to string }
	var renames []rename
	for _, f := range c.Fields {
		of := old.Fields.GetById(f.GetId())
		if of == nil || of.GetName() == f.GetName() {
			continue
		}
		r := rename{from: of.GetName(), tmp: "_tmp_" + f.GetId(), to: f.GetName()}
		renames = append(renames, r)
		if err := exec(fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", table, quoteIdent(r.from), quoteIdent(r.tmp))); err != nil {
			return err
		}
	}
	for _, r := range renames {
		if err := exec(fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", table, quoteIdent(r.tmp), quoteIdent(r.to))); err != nil {
			return err
		}
	}
	for _, f := range c.Fields {
		of := old.Fields.GetById(f.GetId())
		if of == nil {
			if err := exec(fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", table, quoteIdent(f.GetName()), f.ColumnType(app))); err != nil {
				return err
			}
			continue
		}
		if f.GetName() != FieldNameId && of.ColumnType(app) != f.ColumnType(app) {
			if err := app.convertColumn(c.Name, of, f); err != nil {
				return err
			}
		}
	}
	return app.createIndexes(c)
}

// convertColumn changes a column's type by copying through a new column,
// converting between single and multiple values where needed.
func (app *App) convertColumn(table string, from, to Field) error {
	db := app.NonconcurrentDB()
	tmp := quoteIdent("_conv_" + to.GetId())
	col := quoteIdent(to.GetName())
	t := quoteIdent(table)
	fromMulti := isMultiField(from)
	toMulti := isMultiField(to)
	expr := col
	switch {
	case !fromMulti && toMulti:
		expr = fmt.Sprintf("CASE WHEN COALESCE(%s, '') = '' THEN '[]' ELSE json_array(%s) END", col, col)
	case fromMulti && !toMulti:
		expr = fmt.Sprintf("COALESCE(json_extract(CASE WHEN json_valid(%s) THEN %s ELSE '[]' END, '$[#-1]'), '')", col, col)
	}
	stmts := []string{
		fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", t, tmp, to.ColumnType(app)),
		fmt.Sprintf("UPDATE %s SET %s = %s", t, tmp, expr),
		fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", t, col),
		fmt.Sprintf("ALTER TABLE %s RENAME COLUMN %s TO %s", t, tmp, col),
	}
	for _, s := range stmts {
		if _, err := db.NewQuery(s).Execute(); err != nil {
			return fmt.Errorf("%w (%s)", err, s)
		}
	}
	return nil
}

func isMultiField(f Field) bool {
	mv, ok := f.(MultiValuer)
	return ok && mv.IsMultiple()
}

func (app *App) createTableSQL(c *Collection) string {
	cols := make([]string, 0, len(c.Fields))
	for _, f := range c.Fields {
		def := f.ColumnType(app)
		if f.GetName() == FieldNameId {
			def = app.dialect.ColumnType(dialect.ColumnPrimaryKey)
		}
		cols = append(cols, quoteIdent(f.GetName())+" "+def)
	}
	return fmt.Sprintf("CREATE TABLE %s (%s)", quoteIdent(c.Name), strings.Join(cols, ", "))
}

// createIndexes creates c's indexes, rewritten to target its current table.
func (app *App) createIndexes(c *Collection) error {
	for i, raw := range c.Indexes {
		idx := ParseIndex(raw)
		if !idx.IsValid() {
			return fmt.Errorf("invalid index %q", raw)
		}
		if idx.TableName != c.Name {
			idx.TableName = c.Name
			c.Indexes[i] = idx.Build()
		}
		if _, err := app.NonconcurrentDB().NewQuery(c.Indexes[i]).Execute(); err != nil {
			return fmt.Errorf("create index %s: %w", idx.IndexName, err)
		}
	}
	return nil
}

func (app *App) dropCollectionTable(c *Collection) error {
	kind := "TABLE"
	if c.IsView() {
		kind = "VIEW"
	}
	_, err := app.NonconcurrentDB().NewQuery(fmt.Sprintf("DROP %s IF EXISTS %s", kind, quoteIdent(c.Name))).Execute()
	return err
}

// quoteIdent quotes an identifier for SQLite (names are validated before).
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}
