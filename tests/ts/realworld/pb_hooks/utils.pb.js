/// <reference path="../pb_data/types.d.ts" />

routerAdd("GET", "/api/leaderboard", (c) => {
  const result = arrayOf(new DynamicModel({
    id: "",
    username: "",
    score: 0,
  }))

  $app.db()
    .newQuery("SELECT id, username, score FROM users ORDER BY score DESC LIMIT {:limit}")
    .bind({ limit: 10 })
    .all(result)

  return c.json(200, result)
})

routerAdd("POST", "/api/profile/avatar", (c) => {
  const user = c.auth
  const files = c.findUploadedFiles("avatar")
  if (files.length === 0) {
    throw new BadRequestError("no file")
  }
  user.set("avatar", files[0])
  $app.save(user)
  return c.json(200, user)
}, $apis.requireAuth())

routerAdd("POST", "/api/profile/bio", (c) => {
  const user = c.auth
  const data = new DynamicModel({ bio: "" })
  c.bindBody(data)
  if (!data.bio) {
    throw new BadRequestError("no bio")
  }
  user.set("bio", $filesystem.fileFromBytes(data.bio, "bio.txt"))
  $app.save(user)
  return c.json(200, user)
}, $apis.requireAuth())

routerAdd("POST", "/api/register", (e) => {
  const body = e.requestInfo().body
  const users = $app.findCollectionByNameOrId("users")

  const exists = $app.findFirstRecordByFilter("users", "email = {:email}", { email: body.email })
  if (exists) {
    throw BadRequestError("Email taken")
  }

  const record = new Record(users)
  record.set("email", body.email)
  record.set("name", body.name)
  record.setPassword(body.password)
  record.setVerified(false)
  $app.save(record)

  $mails.sendRecordVerification($app, record)

  return $apis.recordAuthResponse(e, record, "password")
})

routerAdd("GET", "/api/posts/{id}/full", (e) => {
  const record = $app.findRecordById("posts", e.request.pathValue("id"))
  $app.expandRecord(record, ["author", "comments_via_post"])
  $app.expandRecord(record, ["tags"], null)
  const author = record.expandedOne("author")
  return e.json(200, { record, author: author ? author.getString("name") : "" })
})

routerAdd("GET", "/api/secret", (e) => {
  const token = e.request.header.get("X-Token")
  if (token !== $os.getenv("SECRET_TOKEN")) {
    throw new UnauthorizedError()
  }
  const hash = $security.sha256(token)
  return e.json(200, { hash, at: new DateTime().string() })
})

routerUse((e) => {
  e.response.header().set("X-Powered-By", "hooks")
  return e.next()
})
