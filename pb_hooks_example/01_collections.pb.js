/// <reference path="../pb_data/types.d.ts" />
// Creates the example collections at startup when they are missing:
// new Collection({...}) with fields, the field classes and FieldsList.

onBootstrap((e) => {
  e.next()

  const ensure = (build) => {
    const c = build()
    try {
      $app.findCollectionByNameOrId(c.name)
    } catch (_) {
      $app.save(c)
      console.log(`created collection ${c.name}`)
    }
  }

  ensure(() => new Collection({
    type: "base",
    name: "articles",
    listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: null,
    fields: [
      { type: "text", name: "title", required: true, max: 200 },
      { type: "text", name: "slug" },
      { type: "number", name: "views" },
      { type: "bool", name: "published" },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
  }))

  ensure(() => {
    const c = new Collection({ type: "base", name: "article_events", listRule: "", viewRule: "" })
    c.fields.add(new TextField({ name: "article" }))
    c.fields.add(new TextField({ name: "kind" }))
    c.fields.add(new Field({ type: "json", name: "data" }))
    c.fields.add(new AutodateField({ name: "created", onCreate: true }))
    return c
  })
})
