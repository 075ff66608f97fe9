package bindings_test

import (
	"strings"
	"testing"
)

// e.json with a record or a slice of records (encoded directly) answers
// exactly the bytes the generic encoding/json path gives for the same
// records: sorted keys, HTML escaping, the trailing newline, the headers.
func TestEventJSONRecordsSameBytes(t *testing.T) {
	h := newServer(t, map[string]string{"records.pb.js": `
routerAdd("GET", "/rj/fast", (e) => e.json(200, $app.findRecordsByFilter("posts", "title != ''", "title", 10, 0)))
routerAdd("GET", "/rj/generic", (e) => e.json(200, $app.findRecordsByFilter("posts", "title != ''", "title", 10, 0).map((r) => r)))
routerAdd("GET", "/rj/one", (e) => e.json(201, $app.findRecordsByFilter("posts", "title != ''", "title", 1, 0)[0]))
routerAdd("GET", "/rj/one-generic", (e) => e.json(201, [$app.findRecordsByFilter("posts", "title != ''", "title", 1, 0)[0]]))
routerAdd("GET", "/rj/none", (e) => e.json(200, $app.findRecordsByFilter("posts", "title = 'nothing'", "", 10, 0)))
`})
	for _, title := range []string{`<b>bold</b> & "quoted"`, "café ☕ \u2028 line", `back\slash`, "plain"} {
		serve(t, h, "POST", "/api/collections/posts/records", `{"title":`+jsonString(title)+`}`)
	}
	fast, generic := serve(t, h, "GET", "/rj/fast", ""), serve(t, h, "GET", "/rj/generic", "")
	if fast.Body.String() != generic.Body.String() || !strings.HasSuffix(fast.Body.String(), "]\n") {
		t.Fatalf("records:\nfast    %q\ngeneric %q", fast.Body, generic.Body)
	}
	if !strings.Contains(fast.Body.String(), `\u003cb\u003ebold`) {
		t.Fatalf("HTML not escaped as encoding/json does: %s", fast.Body)
	}
	if a, b := fast.Header().Get("Content-Type"), generic.Header().Get("Content-Type"); a != b || a != "application/json" {
		t.Fatalf("content types %q %q", a, b)
	}
	one, oneGeneric := serve(t, h, "GET", "/rj/one", ""), serve(t, h, "GET", "/rj/one-generic", "")
	if one.Code != 201 || "["+strings.TrimSuffix(one.Body.String(), "\n")+"]\n" != oneGeneric.Body.String() {
		t.Fatalf("one record: %d %q vs %q", one.Code, one.Body, oneGeneric.Body)
	}
	if got := serve(t, h, "GET", "/rj/none", "").Body.String(); got != "[]\n" {
		t.Fatalf("no records: %q", got)
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
