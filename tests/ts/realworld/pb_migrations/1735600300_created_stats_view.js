/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const collection = new Collection({
    "id": "pbc_4089273614",
    "name": "post_stats",
    "type": "view",
    "listRule": "",
    "viewRule": "",
    "viewQuery": "SELECT author AS id, COUNT(*) AS total FROM posts GROUP BY author",
    "fields": []
  })
  return app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId("post_stats")
  return app.delete(collection)
})
