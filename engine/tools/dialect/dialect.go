// Package dialect keeps the database-specific SQL of the schema layer
// (column types, introspection queries, opening a database) behind one
// interface, so a PostgreSQL dialect can be added without touching core.
// The filter-expression SQL has its own interface in engine/search.
package dialect

import "fmt"

// Dialect keeps the database-specific SQL used by core in one place, so a
// PostgreSQL dialect can be added without touching callers.
type Dialect interface {
	// Name identifies the dialect ("sqlite").
	Name() string
	// ColumnType is the full column definition (type, default, NOT NULL) of a kind.
	ColumnType(kind ColumnKind) string
	// TableColumnsQuery lists the columns of a table as rows with a "name" column.
	TableColumnsQuery(table string) string
	// HasTableQuery returns a query with a {:name} param that yields a count.
	HasTableQuery() string
	// TableIndexesQuery lists name+sql of the user indexes of a table via {:table}.
	TableIndexesQuery() string
	// RandomIDDefault is the SQL default expression of a text primary key.
	RandomIDDefault() string
	// MaintenanceQueries are run on each database by the daily
	// __pbDBOptimize__ cron job.
	MaintenanceQueries() []string
}

// ColumnKind is the storage class of a field's column.
type ColumnKind int

const (
	ColumnText ColumnKind = iota
	ColumnBool
	ColumnNumber
	ColumnJSONArray
	ColumnJSONNullable
	ColumnGeoPoint
	ColumnPrimaryKey
)

type sqliteDialect struct{}

// SQLite is the default dialect.
var SQLite Dialect = sqliteDialect{}

func (sqliteDialect) Name() string { return "sqlite" }

func (sqliteDialect) ColumnType(kind ColumnKind) string {
	switch kind {
	case ColumnBool:
		return "BOOLEAN DEFAULT FALSE NOT NULL"
	case ColumnNumber:
		return "NUMERIC DEFAULT 0 NOT NULL"
	case ColumnJSONArray:
		return "JSON DEFAULT '[]' NOT NULL"
	case ColumnJSONNullable:
		return "JSON DEFAULT NULL"
	case ColumnGeoPoint:
		return `JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL`
	case ColumnPrimaryKey:
		return "TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL"
	default:
		return "TEXT DEFAULT '' NOT NULL"
	}
}

func (sqliteDialect) TableColumnsQuery(table string) string {
	// table is validated by callers; pragma functions cannot take bound names.
	return fmt.Sprintf("SELECT name FROM pragma_table_info('%s')", table)
}

func (sqliteDialect) HasTableQuery() string {
	return "SELECT count(*) FROM sqlite_schema WHERE type IN ('table','view') AND name = {:name}"
}

func (sqliteDialect) TableIndexesQuery() string {
	return "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = {:table} AND sql IS NOT NULL"
}

func (sqliteDialect) RandomIDDefault() string { return "('r'||lower(hex(randomblob(7))))" }

func (sqliteDialect) MaintenanceQueries() []string {
	return []string{"PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA optimize"}
}
