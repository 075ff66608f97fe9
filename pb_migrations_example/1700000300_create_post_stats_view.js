/// <reference path="../pb_data/types.d.ts" />
// A view collection: read-only records computed by a SELECT.
migrate((app) => {
  const stats = new Collection({
    type: "view",
    name: "post_stats",
    listRule: "",
    viewRule: "",
    viewQuery: "SELECT author AS id, COUNT(*) AS total, SUM(views) AS views FROM posts GROUP BY author",
  })
  app.save(stats)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("post_stats"))
})
