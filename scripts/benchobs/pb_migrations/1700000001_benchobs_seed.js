/// The data of the observability overhead bench: a public "posts"
/// collection with 10k rows (the list30 case reads its first page).
migrate((app) => {
  const posts = new Collection({
    type: "base",
    name: "posts",
    listRule: "",
    viewRule: "",
    fields: [
      { type: "text", name: "title", required: true, max: 200 },
      { type: "number", name: "views" },
      { type: "bool", name: "public" },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
  })
  app.save(posts)
  for (let i = 0; i < 10000; i++) {
    const post = new Record(posts)
    post.set("title", "observed post " + i)
    post.set("views", (i * 31) % 997)
    post.set("public", i % 3 != 0)
    app.save(post)
  }
}, (app) => {
  app.delete(app.findCollectionByNameOrId("posts"))
})
