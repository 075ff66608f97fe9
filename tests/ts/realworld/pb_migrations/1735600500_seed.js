/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const collection = app.findCollectionByNameOrId("posts")

  const rows = [
    { title: "Hello", status: "published", meta: { tags: ["a", "b"] } },
    { title: "Draft", status: "draft", meta: null },
  ]
  for (const row of rows) {
    const record = new Record(collection, row)
    app.save(record)
  }

  const record = new Record(collection)
  record.load({ title: "Loaded", status: "draft" })
  app.saveNoValidate(record)

  const records = app.findRecordsByFilter(collection.id, "status = 'draft'")
  records.forEach((r) => {
    r.set("status", "published")
    app.save(r)
  })
}, (app) => {
  const records = app.findAllRecords("posts")
  for (const r of records) {
    app.delete(r)
  }
})
