package bindings

import (
	"github.com/hookbase/hookbase/engine/filesystem"
	"io"
	"mime"
	"mime/multipart"
	"reflect"
	"testing"
)

func TestFormDataSetAndEncode(t *testing.T) {
	f := &FormData{}
	f.Append("a", "1")
	f.Append("b", int64(2))
	f.Append("a", "3")
	f.Set("a", "x") // replaces the first "a", drops the others
	file, _ := filesystem.NewFileFromBytes([]byte("body"), "n.txt")
	f.Append("file", file)
	if got := f.Keys(); !reflect.DeepEqual(got, []string{"a", "b", "file"}) {
		t.Fatalf("keys %v", got)
	}
	if got := f.GetAll("a"); !reflect.DeepEqual(got, []any{"x"}) {
		t.Fatalf("a %v", got)
	}
	body, ct, err := f.encode()
	if err != nil {
		t.Fatal(err)
	}
	_, params, _ := mime.ParseMediaType(ct)
	r := multipart.NewReader(body, params["boundary"])
	var parts []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(p)
		parts = append(parts, p.FormName()+"="+p.FileName()+":"+string(raw))
	}
	want := []string{"a=:x", "b=:2", "file=n.txt:body"}
	if !reflect.DeepEqual(parts, want) {
		t.Fatalf("parts %v, want %v", parts, want)
	}
	// a file can be sent twice (its reader is rewound)
	if body, _, err := f.encode(); err != nil || body.Len() == 0 {
		t.Fatal(err)
	}
	f.Append("bad", map[string]any{})
	if _, _, err := f.encode(); err == nil {
		t.Fatal("an object value was encoded")
	}
}
