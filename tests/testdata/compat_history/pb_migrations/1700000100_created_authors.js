/// <reference path="../pb_data/types.d.ts" />
// Hand-written, as many projects start: no collection or field ids, so the
// collection gets PocketBase's deterministic id (pbc_526341563) that the
// later, dashboard-written migrations use.
migrate((app) => {
  const authors = new Collection({
    type: "base",
    name: "authors",
    listRule: "",
    viewRule: "",
    fields: [
      { type: "text", name: "name", required: true, max: 100 },
      { type: "bool", name: "featured" },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
  })
  app.save(authors)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("authors"))
})
