package apis

import (
	"strconv"
	"sync"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/search"
)

// Record lists and single records are written with core.Record.AppendJSON
// into a pooled buffer: the same bytes json.Encoder gives (trailing newline
// included) without reflection or the re-compacting encoding/json applies
// to every Marshaler's output.

var recordJSONBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// recordsJSONLimit keeps huge buffers (a 1000-record page with large texts)
// out of the pool, so one big answer does not pin its memory.
const recordsJSONLimit = 256 << 10

// appendRecordsPayload encodes data when it is a record or a page of
// records; ok is false for any other payload.
func appendRecordsPayload(b []byte, data any) (out []byte, ok bool, err error) {
	switch v := data.(type) {
	case *core.Record:
		if v == nil {
			return b, false, nil
		}
		b, err = v.AppendJSON(b)
		return b, true, err
	case *search.Result:
		if v == nil {
			return b, false, nil
		}
		items, isRecords := v.Items.([]*core.Record)
		if !isRecords {
			return b, false, nil
		}
		b = append(b, `{"page":`...)
		b = strconv.AppendInt(b, int64(v.Page), 10)
		b = append(b, `,"perPage":`...)
		b = strconv.AppendInt(b, int64(v.PerPage), 10)
		b = append(b, `,"totalItems":`...)
		b = strconv.AppendInt(b, int64(v.TotalItems), 10)
		b = append(b, `,"totalPages":`...)
		b = strconv.AppendInt(b, int64(v.TotalPages), 10)
		b = append(b, `,"items":`...)
		if b, err = core.AppendRecordsJSON(b, items); err != nil {
			return b, true, err
		}
		return append(b, '}'), true, nil
	}
	return b, false, nil
}

// writeRecordsJSON writes a record or a page of records; handled is false
// when data is something else (the caller encodes it the generic way).
func writeRecordsJSON(e *core.RequestEvent, status int, data any) (handled bool, err error) {
	bp := recordJSONBufs.Get().(*[]byte)
	b, ok, err := appendRecordsPayload((*bp)[:0], data)
	defer func() {
		if cap(b) <= recordsJSONLimit {
			*bp = b[:0]
			recordJSONBufs.Put(bp)
		}
	}()
	if !ok {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	b = append(b, '\n')
	e.Response.Header().Set("Content-Type", "application/json")
	e.Response.WriteHeader(status)
	_, err = e.Response.Write(b)
	return true, err
}
