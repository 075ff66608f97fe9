/// Seeds the HTTP bench data on hookbase and PocketBase alike.
///
/// BENCH_ROWS (default 10000) rows go into posts and into notes. The rows are
/// inserted with one SQL statement each (a recursive CTE), so 100k rows seed
/// in seconds on both servers; ids are deterministic (p00000000000000, ...)
/// so the bench knows a record to view and patch without asking.
migrate((app) => {
  const rows = parseInt($os.getenv("BENCH_ROWS") || "10000", 10)

  const members = new Collection({
    type: "auth", name: "members",
    listRule: "id = @request.auth.id", viewRule: "id = @request.auth.id",
    fields: [{ type: "text", name: "name" }],
    passwordAuth: { enabled: true, identityFields: ["email"] },
  })
  app.save(members)

  const authors = new Collection({
    type: "base", name: "authors",
    listRule: "", viewRule: "",
    fields: [{ type: "text", name: "name", required: true }],
  })
  app.save(authors)

  const posts = new Collection({
    type: "base", name: "posts",
    listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: null,
    fields: [
      { type: "text", name: "title", required: true, max: 200 },
      { type: "number", name: "views" },
      { type: "number", name: "score" },
      { type: "bool", name: "public" },
      { type: "relation", name: "author", collectionId: authors.id, maxSelect: 1 },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
    // views is indexed, score (the same values) is not: the pair measures a
    // filtered list with and without an index on the same data.
    indexes: ["CREATE INDEX idx_posts_views ON posts (views)"],
  })
  app.save(posts)

  const notes = new Collection({
    type: "base", name: "notes",
    listRule: "owner = @request.auth.id", viewRule: "owner = @request.auth.id",
    fields: [
      { type: "text", name: "title", required: true },
      { type: "relation", name: "owner", collectionId: members.id, maxSelect: 1 },
      { type: "autodate", name: "created", onCreate: true },
    ],
    indexes: ["CREATE INDEX idx_notes_owner ON notes (owner)"],
  })
  app.save(notes)

  const hooked = new Collection({
    type: "base", name: "hooked",
    listRule: "", viewRule: "", createRule: "",
    fields: [
      { type: "text", name: "title", required: true },
      { type: "text", name: "stamp" },
      { type: "autodate", name: "created", onCreate: true },
    ],
  })
  app.save(hooked)

  // 10 members; m00000000000000 is the one the bench signs in as.
  for (let i = 0; i < 10; i++) {
    const m = new Record(members)
    m.set("id", "m" + String(i).padStart(14, "0"))
    m.setEmail("member" + i + "@example.com")
    m.setPassword("benchpass123")
    m.set("name", "member " + i)
    app.save(m)
  }

  const now = "strftime('%Y-%m-%d %H:%M:%fZ','now')"
  const seq = (n) => "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM seq WHERE i < " + (n - 1) + ") "
  app.db().newQuery(seq(100) +
    "INSERT INTO authors (id, name) SELECT printf('a%014d', i), 'author ' || i FROM seq").execute()
  app.db().newQuery(seq(rows) +
    "INSERT INTO posts (id, title, views, score, public, author, created, updated) " +
    "SELECT printf('p%014d', i), 'post number ' || i, (i * 7919) % 1000, (i * 7919) % 1000, " +
    "i % 2 = 0, printf('a%014d', i % 100), " + now + ", " + now + " FROM seq").execute()
  app.db().newQuery(seq(rows) +
    "INSERT INTO notes (id, title, owner, created) " +
    "SELECT printf('n%014d', i), 'note ' || i, printf('m%014d', i % 10), " + now + " FROM seq").execute()
}, (app) => {
  for (const name of ["hooked", "notes", "posts", "authors", "members"]) {
    app.delete(app.findCollectionByNameOrId(name))
  }
})
