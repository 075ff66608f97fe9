package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// goja turns plain objects assigned into collection.fields into nil
// fields; saving such a collection answers a validation error naming the
// field instead of crashing the handler, and the documented ways of
// passing plain field data work.
func TestJSVMPlainObjectsAssignedToFieldsList(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"fields.pb.js": `
routerAdd("POST", "/test/plain-fields", (e) => {
  const c = new Collection({ type: "base", name: "plain_fields" })
  c.fields = [{ type: "text", name: "title" }]
  try {
    $app.save(c)
  } catch (err) {
    return e.json(400, { error: String(err) })
  }
  return e.json(200, {})
})
routerAdd("POST", "/test/data-fields", (e) => {
  const c = new Collection({ type: "base", name: "data_fields", fields: [{ type: "text", name: "title" }] })
  unmarshal({ fields: [{ type: "text", name: "title" }, { type: "number", name: "n" }] }, c)
  c.fields.add(new Field({ type: "bool", name: "b" }))
  $app.save(c)
  return e.json(200, $app.findCollectionByNameOrId("data_fields").fields.fieldNames())
})
`}})
	expect(t, s, "POST", "/test/plain-fields", nil, "", 400, "fields", "new Field")
	expect(t, s, "POST", "/test/data-fields", nil, "", 200, `"title"`, `"n"`, `"b"`)
}
