package core

import (
	"math/rand/v2"
	"sync/atomic"
	"time"

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
		Id:      newLogId(),
		Created: types.NowDateTime(),
		Data:    data,
		Message: message,
		Level:   level,
		isNew:   true,
	}
}

// logIdSeq numbers the log ids of this process; it starts at a random
// point so that two processes writing in the same millisecond (a restart
// with a clock step back) do not repeat each other's ids.
var logIdSeq atomic.Uint64

func init() { logIdSeq.Store(rand.Uint64N(logIdSeqSpan)) }

const (
	logIdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	logIdSeqSpan  = 36 * 36 * 36 * 36 * 36 * 36 * 36 // 7 base-36 digits
)

// newLogId returns a log id in PocketBase's form (15 characters of a-z
// and 0-9) that grows with time: 8 base-36 digits of the Unix time in
// milliseconds, then 7 of a per-process sequence. Random ids (as the
// record ids) land on random pages of the primary key index, which made
// every batch of log rows rewrite pages all over a large _logs table;
// these land at its end. Log ids name rows only superusers can read, so
// being guessable costs nothing.
func newLogId() string {
	var id [15]byte
	ms := uint64(time.Now().UnixMilli())
	seq := logIdSeq.Add(1) % logIdSeqSpan
	for i := 7; i >= 0; i-- {
		id[i] = logIdAlphabet[ms%36]
		ms /= 36
	}
	for i := 14; i >= 8; i-- {
		id[i] = logIdAlphabet[seq%36]
		seq /= 36
	}
	return string(id[:])
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
