package bindings

import (
	"sync"

	"github.com/hookbase/hookbase/engine/core"
)

// e.json(status, records) is the commonest JS answer (a route returning
// what $app.findRecordsByFilter found). encoding/json would call each
// record's MarshalJSON and then re-check and compact its output; records
// write their JSON directly (core.Record.AppendJSON, the same bytes), so a
// record or a slice of records is encoded here, with json.Encoder's
// trailing newline. Anything else goes through e.JSON as before.

var recordsJSONBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// recordsJSONKeep keeps huge buffers out of the pool so that one big
// answer does not pin its memory.
const recordsJSONKeep = 256 << 10

// appendRecordsJSON encodes data when it is a record or a slice of
// records; ok is false for anything else.
func appendRecordsJSON(b []byte, data any) (out []byte, ok bool, err error) {
	switch v := data.(type) {
	case *core.Record:
		if v == nil {
			return b, false, nil
		}
		b, err = v.AppendJSON(b)
	case []*core.Record:
		if v == nil {
			return b, false, nil
		}
		b, err = core.AppendRecordsJSON(b, v)
	default:
		return b, false, nil
	}
	return append(b, '\n'), true, err
}

// writeRecordsJSON answers data when it is a record or a slice of records;
// handled is false for anything else.
func writeRecordsJSON(r xmlResponder, status int, data any) (handled bool, err error) {
	bp := recordsJSONBufs.Get().(*[]byte)
	b, ok, err := appendRecordsJSON((*bp)[:0], data)
	defer func() {
		if cap(b) <= recordsJSONKeep {
			*bp = b[:0]
			recordsJSONBufs.Put(bp)
		}
	}()
	if !ok {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	return true, r.Blob(status, "application/json", b)
}
