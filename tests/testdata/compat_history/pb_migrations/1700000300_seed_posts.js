/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const authors = app.findCollectionByNameOrId("pbc_526341563")
  const ada = new Record(authors, { name: "Ada", featured: true })
  app.save(ada)
  const bob = new Record(authors, { name: "Bob", featured: false })
  app.save(bob)

  const posts = app.findCollectionByNameOrId("pbc_1125843985")
  app.save(new Record(posts, { title: "Seeded", body: "dropped later", author: ada.id, tags: ["news"], status: "published" }))
  app.save(new Record(posts, { title: "Unfeatured", author: bob.id, tags: [], status: "published" }))
}, (app) => {
  for (const name of ["posts", "authors"]) {
    for (const r of app.findAllRecords(name)) {
      app.delete(r)
    }
  }
})
