/// <reference path="../pb_data/types.d.ts" />
// Documented usages that must type-check with zero errors.

// the documented example, verbatim
const documented = new Collection({type: "base", name: "posts", fields: [{type: "text", name: "title", required: true}]})
documented.fields.getByName("title")

const posts = new Collection({
  type: "base",
  name: "posts",
  listRule: "",
  deleteRule: null,
  fields: [{ type: "text", name: "title", required: true }, { type: "relation", name: "author", collectionId: "_pb_users_auth_", maxSelect: 1 }],
  indexes: ["CREATE INDEX idx_title ON posts (title)"],
})
posts.fields.add(new NumberField({ name: "views", onlyInt: true }))
posts.fields.addAt(0, new Field({ type: "bool", name: "public" }))
posts.fields.removeById("bool123")
unmarshal({ listRule: null, viewRule: "" }, posts)
$app.save(posts)

const users = new Collection({ type: "auth", name: "members", passwordAuth: { enabled: true, identityFields: ["email"] } })
$app.save(users)

const r = new Record(posts, { title: "hello" })
r.set("title", "x")
const title = r.getString("title")
$app.save(r)

onRecordCreateRequest((e) => {
  e.record.set("title", String(e.record.get("title")).trim())
  return e.next()
}, "posts")

routerAdd("GET", "/hello/{name}", (e) => {
  const name = e.request.pathValue("name")
  return e.json(200, { name, title, auth: e.auth ? e.auth.id : null })
})

migrate((app) => {
  const c = app.findCollectionByNameOrId("posts")
  c.fields.addAt(1, new Field({ type: "text", name: "slug", max: 100 }))
  app.save(c)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("posts"))
})
