/// <reference path="../pb_data/types.d.ts" />
// Record hooks: change the record before e.next(), abort by throwing,
// side effects after success (with e.app, the transaction-aware app).

// scripts share one global scope: this name must differ from 02_routes.pb.js
const slugs = require(`${__hooks}/lib/slug.js`)

onRecordCreateRequest((e) => {
  e.record.set("slug", slugs.slugify(e.record.get("title")))
  if (!e.hasSuperuserAuth()) {
    e.record.set("views", 0) // only superusers may seed view counts
  }
  e.next()
}, "articles")

onRecordValidate((e) => {
  if (String(e.record.get("title")).toLowerCase().includes("spam")) {
    throw new BadRequestError("Spam is not welcome.")
  }
  e.next()
}, "articles")

onRecordAfterCreateSuccess((e) => {
  const events = e.app.findCollectionByNameOrId("article_events")
  e.app.save(new Record(events, { article: e.record.id, kind: "created", data: { title: e.record.get("title") } }))
  e.next()
}, "articles")

onRecordAfterDeleteSuccess((e) => {
  $app.logger().info("article deleted", "id", e.record.id)
  e.next()
}, "articles")

// all-or-nothing: both records are saved or neither is
routerAdd("POST", "/example/articles/pair", (e) => {
  const titles = e.requestInfo().body.titles || []
  $app.runInTransaction((txApp) => {
    const col = txApp.findCollectionByNameOrId("articles")
    for (const title of titles) {
      if (!title) throw new BadRequestError("Every title is required.")
      txApp.save(new Record(col, { title }))
    }
  })
  return e.json(200, { saved: titles.length })
})
