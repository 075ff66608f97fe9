/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const collection = app.findCollectionByNameOrId("pbc_533777971")

  // update field
  collection.fields.addAt(3, new Field({
    "autogeneratePattern": "",
    "hidden": false,
    "id": "text3065852031",
    "max": 500,
    "min": 1,
    "name": "text",
    "pattern": "",
    "presentable": false,
    "primaryKey": false,
    "required": true,
    "system": false,
    "type": "text"
  }))

  app.save(collection)

  // a rule of posts now reaches through the back-relation of comments
  const posts = app.findCollectionByNameOrId("pbc_1125843985")
  unmarshal({
    "viewRule": "status = 'published' || (@request.auth.id != '' && owner = @request.auth.id) || comments_via_post.user ?= @request.auth.id"
  }, posts)

  return app.save(posts)
}, (app) => {
  const collection = app.findCollectionByNameOrId("pbc_533777971")

  // update field
  collection.fields.addAt(3, new Field({
    "autogeneratePattern": "",
    "hidden": false,
    "id": "text3065852031",
    "max": 500,
    "min": 1,
    "name": "message",
    "pattern": "",
    "presentable": false,
    "primaryKey": false,
    "required": true,
    "system": false,
    "type": "text"
  }))

  app.save(collection)

  const posts = app.findCollectionByNameOrId("pbc_1125843985")
  unmarshal({ "viewRule": "status = 'published' || (@request.auth.id != '' && owner = @request.auth.id)" }, posts)

  return app.save(posts)
})
