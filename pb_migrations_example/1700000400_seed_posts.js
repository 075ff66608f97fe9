/// <reference path="../pb_data/types.d.ts" />
// Seeds an author and a few posts; down removes exactly what up added.
migrate((app) => {
  const author = new Record(app.findCollectionByNameOrId("authors"))
  author.set("email", "ada@example.com")
  author.set("username", "ada")
  author.set("role", "writer")
  author.setPassword("correct-horse-battery")
  app.save(author)

  const posts = app.findCollectionByNameOrId("posts")
  const titles = ["Hello hookbase", "Migrations in JS", "Typed hooks"]
  titles.forEach((title, i) => {
    const post = new Record(posts, {
      title,
      slug: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      views: i * 10,
      published: i !== 2,
      tags: ["js"],
      author: author.id,
      meta: { order: i },
      location: { lon: 23.32 + i, lat: 42.69 },
    })
    app.save(post)
  })
}, (app) => {
  const author = app.findFirstRecordByData("authors", "username", "ada")
  // posts go with their author (cascadeDelete)
  app.delete(author)
})
