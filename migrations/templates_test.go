package migrations

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

func TestFileName(t *testing.T) {
	got := FileName(time.Unix(1700000000, 0), "Created Posts & Tags!")
	if got != "1700000000_created_posts_tags.js" {
		t.Fatal(got)
	}
}

// Files written within one second keep their order.
func TestWriteFileOrders(t *testing.T) {
	dir := t.TempDir()
	now := time.Unix(1800000000, 0)
	var names []string
	for _, n := range []string{"created_x", "updated_x", "deleted_x"} {
		p, err := WriteFile(dir, now, n, "x")
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, p[len(dir)+1:])
	}
	want := "1800000000_created_x.js,1800000001_updated_x.js,1800000002_deleted_x.js"
	if strings.Join(names, ",") != want {
		t.Fatalf("got %v", names)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Fatal(entries)
	}
}

func TestUpdatedTemplate(t *testing.T) {
	old := core.NewBaseCollection("posts", "pbc_1")
	old.Fields.Add(&core.TextField{FieldBase: core.FieldBase{Name: "title"}})
	same, _ := old.Clone()
	if _, ok, err := UpdatedTemplate(old, same); ok || err != nil {
		t.Fatalf("no change should write nothing (%v)", err)
	}

	changed, _ := old.Clone()
	rule := ""
	changed.ListRule = &rule
	changed.Fields.RemoveByName("title")
	changed.Fields.Add(&core.NumberField{FieldBase: core.FieldBase{Name: "n"}})
	content, ok, err := UpdatedTemplate(old, changed)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	up, down, _ := strings.Cut(content, "}, (app) => {")
	for _, want := range []string{`"listRule": ""`, `removeById("` + core.DefaultFieldId("text", "title") + `")`, `"name": "n"`} {
		if !strings.Contains(up, want) {
			t.Errorf("up lacks %s:\n%s", want, up)
		}
	}
	for _, want := range []string{`"listRule": null`, `removeById("` + core.DefaultFieldId("number", "n") + `")`, `"name": "title"`} {
		if !strings.Contains(down, want) {
			t.Errorf("down lacks %s:\n%s", want, down)
		}
	}
}
