/// <reference path="../pb_data/types.d.ts" />

routerAdd("GET", "/api/hello/{name}", (c) => {
  let name = c.request.pathValue("name")

  return c.json(200, { "message": "Hello " + name })
})

routerAdd("GET", "/api/me/stats", (c) => {
  const authRecord = c.auth
  if (!authRecord) {
    throw UnauthorizedError("You must be logged in")
  }

  const posts = $app.findRecordsByFilter("posts", "author = {:id}", "-created", 100, 0, { id: authRecord.id })
  const drafts = $app.findRecordsByFilter("posts", `author = "${authRecord.id}" && published = false`)
  const latest = $app.findRecordsByFilter("posts", "published = true", "-created")
  const page = $app.findRecordsByFilter("posts", "published = true", "-created", 10)

  return c.json(200, {
    total: posts.length,
    drafts: drafts.length,
    latest: latest.map((r) => r.get("title")),
    page: page.length,
  })
}, $apis.requireAuth())

routerAdd("POST", "/api/posts/{id}/like", (e) => {
  const id = e.request.pathValue("id")
  const info = e.requestInfo()
  const userId = info.auth?.id
  if (!userId) {
    throw ForbiddenError("Only users can like posts")
  }

  let post
  try {
    post = $app.findRecordById("posts", id)
  } catch (err) {
    throw NotFoundError("Post not found")
  }

  const existing = $app.findFirstRecordByFilter("likes", "post = {:post} && user = {:user}", { post: id, user: userId })
  if (existing) {
    throw BadRequestError("Already liked", { post: { code: "already_liked", message: "You already liked it." } })
  }

  const likes = $app.findCollectionByNameOrId("likes")
  const like = new Record(likes)
  like.set("post", id)
  like.set("user", userId)
  $app.save(like)

  post.set("likes+", 1)
  $app.save(post)

  return e.json(200, { success: true })
}, $apis.requireAuth("users"))

routerAdd("POST", "/api/contact", async (c) => {
  const data = c.requestInfo().body
  if (!data.email || !data.message) {
    throw new BadRequestError("Missing email or message")
  }

  const message = new MailerMessage({
    from: {
      address: $app.settings().meta.senderAddress,
      name: $app.settings().meta.senderName,
    },
    to: [{ address: "owner@example.com" }],
    subject: "Contact form: " + data.email,
    html: `<p>${data.message}</p>`,
  })
  await $app.newMailClient().send(message)

  return c.noContent(204)
})

routerAdd("GET", "/api/search", (c) => {
  const q = c.request.url.query().get("q") || ""
  const limit = parseInt(c.request.url.query().get("limit") || "20")

  const records = $app.findRecordsByFilter(
    "posts",
    "title ~ {:q} || slug ~ {:q}",
    "-created",
    limit,
    0,
    { q: q },
  )

  $apis.enrichRecords(c, records, "author")

  return c.json(200, records)
})

routerAdd("GET", "/health-check", (c) => c.string(200, "ok"))

routerAdd("GET", "/go/{slug}", (e) => {
  const slug = e.request.pathValue("slug")
  const link = $app.findFirstRecordByData("links", "slug", slug)
  return e.redirect(302, link.getString("url"))
})

routerAdd("GET", "/api/members-only", (c) => {
  throw ForbiddenError("members only")
})
