/// <reference path="../pb_data/types.d.ts" />
// A base collection with one field of every type, built both from plain
// data and from the field classes, plus a unique and a plain index.
migrate((app) => {
  const authors = app.findCollectionByNameOrId("authors")

  const posts = new Collection({
    type: "base",
    name: "posts",
    listRule: "published = true || @request.auth.id = author",
    viewRule: "published = true || @request.auth.id = author",
    createRule: "@request.auth.id != ''",
    updateRule: "@request.auth.id = author",
    deleteRule: "@request.auth.id = author",
    fields: [
      { type: "text", name: "title", required: true, max: 200 },
      { type: "text", name: "slug", required: true, pattern: "^[a-z0-9-]+$" },
      { type: "number", name: "views", min: 0, onlyInt: true },
      { type: "bool", name: "published" },
      { type: "email", name: "contact", exceptDomains: ["example.invalid"] },
      { type: "url", name: "source" },
      { type: "url", name: "canonical" },
      { type: "editor", name: "body" },
      { type: "date", name: "publishedAt" },
      { type: "select", name: "tags", values: ["go", "js", "sql", "news"], maxSelect: 3 },
      { type: "file", name: "cover", maxSelect: 1, maxSize: 5 << 20 },
      { type: "relation", name: "author", collectionId: authors.id, maxSelect: 1, cascadeDelete: true },
      { type: "json", name: "meta", maxSize: 20000 },
      { type: "geoPoint", name: "location" },
    ],
    indexes: [
      "CREATE UNIQUE INDEX idx_posts_slug ON posts (slug)",
      "CREATE INDEX idx_posts_published ON posts (published, publishedAt)",
    ],
  })
  // the same thing through the classes: autodate and password fields
  posts.fields.add(new PasswordField({ name: "editKey", min: 8, hidden: true }))
  posts.fields.add(new AutodateField({ name: "created", onCreate: true }))
  posts.fields.add(new AutodateField({ name: "updated", onCreate: true, onUpdate: true }))
  app.save(posts)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("posts"))
})
