package core

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/hookbase/hookbase/engine/search"
)

// The direct record encoder answers byte for byte what json.Encoder gave,
// for pages (with and without items), record slices and single records.
func TestAppendRecordsPayloadJSONMatchesEncoder(t *testing.T) {
	c := NewBaseCollection("notes", "pbc_notes0000001")
	c.Fields.Add(&TextField{FieldBase: FieldBase{Name: "title"}})
	r1 := NewRecord(c)
	r1.Id = "aaaaaaaaaaaaaaa"
	r1.Set("title", "one <&>")
	r2 := NewRecord(c)
	r2.Id = "bbbbbbbbbbbbbbb"
	r2.SetExpand(map[string]any{"x": []*Record{r1}})

	payloads := []any{
		r1,
		[]*Record{r1, nil, r2},
		&search.Result{Page: 2, PerPage: 30, TotalItems: -1, TotalPages: -1, Items: []*Record{r1, r2}},
		&search.Result{Page: 1, PerPage: 30, Items: []*Record{}},
		&search.Result{Page: 1, PerPage: 30, Items: []*Record(nil)},
	}
	for i, p := range payloads {
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(p); err != nil {
			t.Fatal(err)
		}
		got, ok, err := AppendRecordsPayloadJSON(nil, p)
		if !ok || err != nil {
			t.Fatalf("%d: ok %v err %v", i, ok, err)
		}
		got = append(got, '\n')
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%d:\n got %s\nwant %s", i, got, want.Bytes())
		}
	}
	for _, other := range []any{map[string]any{}, &search.Result{Items: []any{}}, (*Record)(nil), []*Record(nil), (*search.Result)(nil)} {
		if _, ok, _ := AppendRecordsPayloadJSON(nil, other); ok {
			t.Errorf("%T %v handled as records", other, other)
		}
	}
}
