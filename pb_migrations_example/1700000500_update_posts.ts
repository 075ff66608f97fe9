/// <reference path="../pb_data/types.d.ts" />
// A TypeScript migration (transpiled in-process): changes the rules, adds
// a field and drops one, the way automigrate writes updates; down reverts.
interface FieldChange {
  position: number
  field: core.Field
}

migrate((app: core.App) => {
  const posts = app.findCollectionByNameOrId("posts")
  unmarshal({ listRule: "published = true", viewRule: "" }, posts)
  const change: FieldChange = { position: 3, field: new TextField({ name: "summary", max: 500 }) }
  posts.fields.addAt(change.position, change.field)
  posts.fields.removeById(posts.fields.getByName("source").getId())
  app.save(posts)
}, (app: core.App) => {
  const posts = app.findCollectionByNameOrId("posts")
  unmarshal({
    listRule: "published = true || @request.auth.id = author",
    viewRule: "published = true || @request.auth.id = author",
  }, posts)
  posts.fields.removeById(posts.fields.getByName("summary").getId())
  posts.fields.addAt(5, new URLField({ name: "source" }))
  app.save(posts)
})
