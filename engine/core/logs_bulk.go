package core

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"github.com/hookbase/hookbase/engine/tools/types"
)

// logsMaxRowsPerInsert is the largest multi-row INSERT of the bulk path
// (5 parameters a row). A batch is cut into statements of power-of-two
// sizes, so at most one statement per size is ever prepared.
const logsMaxRowsPerInsert = 128

// logsBulkInserter writes log rows when no model hook wants to see them:
// the rows' text goes into one buffer (data encoded without reflection),
// and one transaction runs prepared multi-row INSERTs on the writer
// connection of auxiliary.db. The writer's flushMu guards it.
type logsBulkInserter struct {
	db    *sql.DB           // the connection pool the statements belong to
	stmts map[int]*sql.Stmt // by rows per statement
	buf   []byte            // the rows' data and created text
	spans []logsRowSpans    // where each row's text is in buf
	args  []any             // one statement's parameters
}

type logsRowSpans struct{ dataEnd, createdEnd int }

// insert writes rows in one transaction, in their queue order (rowid
// order is the default order of /api/logs).
func (b *logsBulkInserter) insert(app *App, rows []*Log) error {
	writer := app.auxWriter
	if writer == nil {
		return fmt.Errorf("the app is not bootstrapped")
	}
	db := writer.DB()
	if b.db != db {
		// a restore (or a new bootstrap) opened auxiliary.db again
		b.close()
		b.db = db
	}

	text, err := b.encode(rows)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), logsWriteTimeout)
	defer cancel()
	// prepare before BEGIN: the pool has one connection, which the
	// transaction then holds
	for done := 0; done < len(rows); {
		n := logsRowsPerStatement(len(rows) - done)
		if _, err := b.stmt(ctx, n); err != nil {
			return err
		}
		done += n
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	start := 0
	for done := 0; done < len(rows); {
		n := logsRowsPerStatement(len(rows) - done)
		stmt := b.stmts[n]
		args := b.args[:0]
		for i := done; i < done+n; i++ {
			l, sp := rows[i], b.spans[i]
			args = append(args, l.Id, l.Level, l.Message, text[start:sp.dataEnd], text[sp.dataEnd:sp.createdEnd])
			start = sp.createdEnd
		}
		b.args = args
		if _, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, args...); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("insert %d logs: %w", n, err)
		}
		done += n
	}
	clear(b.args)
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// logsRowsPerStatement is the size of the next statement for the rows
// left: the largest power of two that fits, up to logsMaxRowsPerInsert.
func logsRowsPerStatement(left int) int {
	return 1 << (bits.Len(uint(min(left, logsMaxRowsPerInsert))) - 1)
}

// encode writes every row's data JSON and created text into one buffer
// and returns it as a single string (one allocation per batch; the
// parameters are substrings of it).
func (b *logsBulkInserter) encode(rows []*Log) (string, error) {
	buf, spans := b.buf[:0], b.spans[:0]
	for _, l := range rows {
		if l.Data == nil {
			buf = append(buf, "{}"...)
		} else {
			// the bytes encoding/json gives, without its reflection
			var err error
			if buf, err = appendJSONMap(buf, l.Data); err != nil {
				return "", fmt.Errorf("log %s data: %w", l.Id, err)
			}
		}
		dataEnd := len(buf)
		if !l.Created.IsZero() {
			buf = l.Created.Time().UTC().AppendFormat(buf, types.DefaultDateLayout)
		}
		spans = append(spans, logsRowSpans{dataEnd: dataEnd, createdEnd: len(buf)})
	}
	b.buf, b.spans = buf, spans
	return string(buf), nil
}

// stmt returns the prepared INSERT of n rows.
func (b *logsBulkInserter) stmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if s := b.stmts[n]; s != nil {
		return s, nil
	}
	var q strings.Builder
	q.WriteString("INSERT INTO `" + LogsTableName + "` (`id`, `level`, `message`, `data`, `created`) VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?)")
	}
	s, err := b.db.PrepareContext(ctx, q.String())
	if err != nil {
		return nil, fmt.Errorf("prepare the insert of %s logs: %w", strconv.Itoa(n), err)
	}
	if b.stmts == nil {
		b.stmts = map[int]*sql.Stmt{}
	}
	b.stmts[n] = s
	return s, nil
}

// close releases the prepared statements.
func (b *logsBulkInserter) close() {
	for _, s := range b.stmts {
		_ = s.Close()
	}
	b.stmts, b.db = nil, nil
}
