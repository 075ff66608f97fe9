/// <reference path="../pb_data/types.d.ts" />
// Hooks of the migrated project: they find collections by the pbc_ ids the
// dashboard wrote into the migrations.

onRecordCreateRequest((e) => {
  e.record.set("status", "draft")
  e.record.set("owner", e.auth ? e.auth.id : "")
  e.next()
}, "posts")

routerAdd("GET", "/api/e2e/summary", (e) => {
  const posts = $app.findCollectionByNameOrId("pbc_1125843985")
  const authors = $app.findCollectionByNameOrId("pbc_526341563")
  const comments = $app.findCollectionByNameOrId("pbc_533777971")
  const featured = $app.findRecordsByFilter(posts, "status = 'published' && author.featured = true", "-created", 10, 0)
  return e.json(200, {
    names: [posts.name, authors.name, comments.name],
    postFields: posts.fields.fieldNames(),
    commentFields: comments.fields.fieldNames(),
    featured: featured.map((r) => r.getString("headline")),
  })
})
