/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const collection = app.findCollectionByNameOrId("pbc_2279338944")

  // update field
  collection.fields.addAt(1, new Field({
    "hidden": false,
    "id": "number2245608546",
    "max": 100,
    "min": 0,
    "name": "points",
    "onlyInt": true,
    "presentable": false,
    "required": false,
    "system": false,
    "type": "number"
  }))

  unmarshal({
    "name": "leaderboard",
    "updateRule": "@request.auth.id != '' && @request.body.points:isset = false"
  }, collection)

  return app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId("pbc_2279338944")
  unmarshal({ "name": "scores", "updateRule": null }, collection)
  const field = collection.fields.getById("number2245608546")
  field.name = "score"
  return app.save(collection)
})
