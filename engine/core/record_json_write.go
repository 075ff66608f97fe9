package core

import (
	"strconv"
	"sync"

	"github.com/hookbase/hookbase/engine/search"
)

// Records, record slices and list pages of records are the commonest JSON
// answers: the records API's, and JS routes answering what $app.find…
// found. They are written with Record.AppendJSON into a pooled buffer: the
// bytes json.Encoder gives (trailing newline included), without reflection
// or the re-compacting encoding/json applies to every Marshaler's output.

var recordsJSONBufs = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// recordsJSONPoolMax keeps huge buffers (a 1000-record page with large
// texts) out of the pool, so one big answer does not pin its memory.
const recordsJSONPoolMax = 256 << 10

// AppendRecordsPayloadJSON appends data as JSON when it is a *Record, a
// []*Record or a *search.Result of []*Record items; ok is false for
// anything else (nil ones included), which encoding/json should write.
func AppendRecordsPayloadJSON(b []byte, data any) (out []byte, ok bool, err error) {
	switch v := data.(type) {
	case *Record:
		if v == nil {
			return b, false, nil
		}
		b, err = v.AppendJSON(b)
		return b, true, err
	case []*Record:
		if v == nil {
			return b, false, nil
		}
		b, err = AppendRecordsJSON(b, v)
		return b, true, err
	case *search.Result:
		if v == nil {
			return b, false, nil
		}
		items, isRecords := v.Items.([]*Record)
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
		if b, err = AppendRecordsJSON(b, items); err != nil {
			return b, true, err
		}
		return append(b, '}'), true, nil
	}
	return b, false, nil
}

// WriteRecordsJSON answers data as application/json through w (a request
// event) when AppendRecordsPayloadJSON takes it; handled is false, and
// nothing is written, for anything else.
func WriteRecordsJSON(w interface {
	Blob(status int, contentType string, b []byte) error
}, status int, data any) (handled bool, err error) {
	bp := recordsJSONBufs.Get().(*[]byte)
	b, ok, err := AppendRecordsPayloadJSON((*bp)[:0], data)
	defer func() {
		if cap(b) <= recordsJSONPoolMax {
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
	b = append(b, '\n')
	return true, w.Blob(status, "application/json", b)
}
