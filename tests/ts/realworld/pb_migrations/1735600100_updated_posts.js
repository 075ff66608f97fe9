/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const collection = app.findCollectionByNameOrId("pbc_1125843985")

  // update collection data
  unmarshal({
    "indexes": [
      "CREATE INDEX `idx_posts_title` ON `posts` (`title`)",
      "CREATE UNIQUE INDEX `idx_posts_slug` ON `posts` (`slug`)"
    ],
    "listRule": "status = 'published' || author = @request.auth.id"
  }, collection)

  // add field
  collection.fields.addAt(2, new Field({
    "autogeneratePattern": "",
    "hidden": false,
    "id": "text2560465762",
    "max": 0,
    "min": 0,
    "name": "slug",
    "pattern": "",
    "presentable": false,
    "primaryKey": false,
    "required": false,
    "system": false,
    "type": "text"
  }))

  // update field
  collection.fields.addAt(1, new Field({
    "autogeneratePattern": "",
    "hidden": false,
    "id": "text724990059",
    "max": 200,
    "min": 3,
    "name": "title",
    "pattern": "",
    "presentable": true,
    "primaryKey": false,
    "required": true,
    "system": false,
    "type": "text"
  }))

  // remove field
  collection.fields.removeById("json1874629670")

  return app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId("pbc_1125843985")

  unmarshal({
    "indexes": [
      "CREATE INDEX `idx_posts_title` ON `posts` (`title`)"
    ],
    "listRule": ""
  }, collection)

  collection.fields.removeById("text2560465762")

  collection.fields.addAt(5, new Field({
    "hidden": false,
    "id": "json1874629670",
    "maxSize": 0,
    "name": "meta",
    "presentable": false,
    "required": false,
    "system": false,
    "type": "json"
  }))

  return app.save(collection)
})
