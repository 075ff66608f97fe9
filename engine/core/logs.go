package core

import (
	"time"

	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/pocketbase/dbx"
)

// Log levels as stored in _logs.level (slog's values).
const (
	LogLevelDebug = -4
	LogLevelInfo  = 0
	LogLevelWarn  = 4
	LogLevelError = 8
)

// Log is one row of auxiliary.db `_logs`. It is saved through app.Save,
// so OnModelCreate handlers tagged "_logs" see (and may drop) it.
type Log struct {
	Id      string             `db:"id" json:"id"`
	Created types.DateTime     `db:"created" json:"created"`
	Data    types.JSONMap[any] `db:"data" json:"data"`
	Message string             `db:"message" json:"message"`
	Level   int                `db:"level" json:"level"`
	isNew   bool
}

var _ ColumnValuer = (*Log)(nil)

// NewLog returns an unsaved log row with a fresh id and the current time.
func NewLog(level int, message string, data map[string]any) *Log {
	if data == nil {
		data = map[string]any{}
	}
	return &Log{
		Id:      security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789"),
		Created: types.NowDateTime(),
		Data:    data,
		Message: message,
		Level:   level,
		isNew:   true,
	}
}

// TableName implements Model.
func (l *Log) TableName() string { return LogsTableName }

// PK implements Model.
func (l *Log) PK() any { return l.Id }

// LastSavedPK implements Model.
func (l *Log) LastSavedPK() any { return l.Id }

// IsNew implements Model.
func (l *Log) IsNew() bool { return l.isNew }

// MarkAsNew implements Model.
func (l *Log) MarkAsNew() { l.isNew = true }

// MarkAsNotNew implements Model.
func (l *Log) MarkAsNotNew() { l.isNew = false }

// ColumnValues implements ColumnValuer.
func (l *Log) ColumnValues() map[string]any {
	data := l.Data
	if data == nil {
		data = types.JSONMap[any]{}
	}
	return map[string]any{"id": l.Id, "created": l.Created.String(), "data": data, "message": l.Message, "level": l.Level}
}

// LogQuery starts a SELECT on _logs (auxiliary.db).
func (app *App) LogQuery() *dbx.SelectQuery {
	return app.AuxDB().Select("*").From(LogsTableName)
}

// FindLogById returns one log row.
func (app *App) FindLogById(id string) (*Log, error) {
	l := &Log{}
	if err := app.LogQuery().AndWhere(dbx.HashExp{"id": id}).Limit(1).One(l); err != nil {
		return nil, err
	}
	return l, nil
}

// LogsStatsItem is the number of logs of one hour.
type LogsStatsItem struct {
	Date  types.DateTime `db:"date" json:"date"`
	Total int            `db:"total" json:"total"`
}

// LogsStats counts the logs per hour, optionally filtered by expr.
func (app *App) LogsStats(expr dbx.Expression) ([]*LogsStatsItem, error) {
	q := app.AuxDB().Select("count(id) as total", "strftime('%Y-%m-%d %H:00:00', created) as date").
		From(LogsTableName).GroupBy("date").OrderBy("date ASC")
	if expr != nil {
		q.AndWhere(expr)
	}
	out := []*LogsStatsItem{}
	if err := q.All(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteOldLogs removes the logs created before createdBefore.
func (app *App) DeleteOldLogs(createdBefore time.Time) error {
	_, err := app.AuxNonconcurrentDB().Delete(LogsTableName,
		dbx.NewExp("[[created]] <= {:date}", dbx.Params{"date": createdBefore.UTC().Format(types.DefaultDateLayout)})).Execute()
	return err
}
