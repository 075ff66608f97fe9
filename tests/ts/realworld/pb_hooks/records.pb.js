/// <reference path="../pb_data/types.d.ts" />

onRecordCreateRequest((e) => {
  // the author is always the caller
  if (!e.hasSuperuserAuth()) {
    e.record.set("author", e.auth?.id)
  }
  e.next()
}, "posts")

onRecordCreate((e) => {
  const title = e.record.getString("title")
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-")
  e.record.set("slug", slug)
  e.next()
}, "posts")

onRecordAfterCreateSuccess((e) => {
  const user = e.record.getString("author")
  try {
    const author = $app.findRecordById("users", user)
    author.set("postsCount", author.getInt("postsCount") + 1)
    $app.saveNoValidate(author)
  } catch (err) {
    $app.logger().error("could not bump the counter", "error", String(err))
  }
  e.next()
}, "posts")

onRecordUpdateRequest((e) => {
  const original = e.record.original()
  if (original.get("status") === "published" && e.record.get("status") !== "published") {
    throw new ForbiddenError("A published post cannot be unpublished")
  }
  return e.next()
}, "posts")

onRecordDeleteRequest((e) => {
  if (e.record.getBool("locked")) {
    throw BadRequestError("This record is locked")
  }
  e.next()
})

onRecordsListRequest((e) => {
  if (!e.auth) {
    e.result.items = e.result.items.filter((r) => r.getBool("public"))
  }
  return e.next()
}, "posts")

onRecordViewRequest((e) => {
  e.record.hide("internalNotes")
  e.next()
}, "posts")

onRecordEnrich((e) => {
  e.record.withCustomData(true)
  e.record.set("isMine", e.requestInfo.auth?.id === e.record.getString("author"))
  e.next()
}, "posts")

onRecordAuthRequest((e) => {
  console.log("login", e.record.email(), e.authMethod)
  e.next()
}, "users")

onRecordAfterUpdateSuccess(async (e) => {
  const changed = e.record.getString("status")
  if (changed === "archived") {
    const comments = $app.findRecordsByFilter("comments", "post = {:id}", "", 0, 0, { id: e.record.id })
    for (const comment of comments) {
      $app.delete(comment)
    }
  }
  await e.next()
}, "posts")

onMailerRecordVerificationSend((e) => {
  e.message.subject = "Welcome! Please verify " + e.record.email()
  e.next()
})

onBootstrap((e) => {
  e.next()
  console.log("app ready", $app.isDev())
})
