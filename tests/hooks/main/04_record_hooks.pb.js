// request hook changing the record before e.next()
onRecordCreateRequest((e) => {
  if (e.record.get("title") === "shout") {
    e.record.set("title", "SHOUT")
  }
  e.next()
}, "posts")

// model hook throwing aborts the save
onRecordCreate((e) => {
  if (e.record.get("title") === "forbidden") {
    throw new BadRequestError("Forbidden title.")
  }
  e.next()
}, "posts")

// after-success side effect: an audit row, through the event's app
onRecordAfterCreateSuccess((e) => {
  const audit = new Record(e.app.findCollectionByNameOrId("audit"), { title: "created " + e.record.get("title") })
  e.app.save(audit)
  e.next()
}, "posts")

// a hook for another collection must not fire for posts
onRecordCreateRequest((e) => {
  e.record.set("note", "audit hook ran")
  e.next()
}, "audit")

// runInTransaction rolls everything back when the callback throws
routerAdd("POST", "/js/tx", (e) => {
  const fail = e.requestInfo().body.fail
  try {
    $app.runInTransaction((txApp) => {
      const col = txApp.findCollectionByNameOrId("posts")
      txApp.save(new Record(col, { title: "tx-row" }))
      if (fail) throw new Error("rollback please")
    })
  } catch (err) {
    // swallowed: the response reports the count
  }
  return e.json(200, { count: $app.countRecords("posts", $dbx.hashExp({ title: "tx-row" })) })
})
