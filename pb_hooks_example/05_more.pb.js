/// <reference path="../pb_data/types.d.ts" />
// The remaining $apis helpers, query expressions, and small classes.

// static files from a folder next to the hooks
routerAdd("GET", "/example/static/{path...}", $apis.static(`${__hooks}/public`, true))

routerAdd("GET", "/example/guest", (e) => e.json(200, { guest: true }), $apis.requireGuestOnly())

// superusers, or the auth record whose id is in the path
routerAdd("GET", "/example/users/{id}/private", (e) => e.json(200, { owner: e.request.pathValue("id") }),
  $apis.requireSuperuserOrOwnerAuth("id"), $apis.skipSuccessActivityLog())

// a fresh auth response (token + record) for the current auth record
routerAdd("POST", "/example/token", (e) => $apis.recordAuthResponse(e, e.auth, "password", null), $apis.requireAuth())

// a record prepared for the client as the records API would (onRecordEnrich…)
routerAdd("GET", "/example/articles/{id}", (e) => {
  const record = $app.findRecordById("articles", e.request.pathValue("id"))
  $apis.enrichRecord(e, record)
  return e.json(200, record)
})

// query expressions of $dbx on the records query builder
routerAdd("GET", "/example/articles-query", (e) => {
  const records = arrayOf(new DynamicModel({ title: "", views: 0 }))
  $app.db().select("title", "views").from("articles").where($dbx.and(
    $dbx.or($dbx.like("title", "o"), $dbx.hashExp({ published: true })),
    $dbx.not($dbx.in("title", "hidden", "secret")),
    $dbx.between("views", 0, 1000000),
    $dbx.not($dbx.isNull("title")),
  )).orderBy("title").all(records)
  return e.json(200, records)
})

// the raw body as text; a file built from bytes
routerAdd("POST", "/example/echo", (e) => {
  const text = readerToString(e.request.body)
  const file = $filesystem.fileFromBytes(toBytes(text), "echo.txt")
  const info = new RequestInfo({ method: e.request.method, context: "default" })
  return e.json(200, {
    text, size: file.size, name: file.originalName, method: info.method,
    base64: Buffer.from(text).toString("base64"), node: typeof process.env,
  })
})

// a FieldsList built by hand and checked
routerAdd("GET", "/example/fields", (e) => {
  const list = new FieldsList([{ type: "text", name: "a" }, { type: "number", name: "b" }])
  list.add(new BoolField({ name: "c" }))
  return e.json(200, list.fieldNames())
})

// drop the request log rows of health checks: skipping e.next() skips the insert.
// A log's data is a Go map type with methods (types.JSONMap), so JS sees its
// methods rather than its keys, as in PocketBase: read a key with get()
// (e.model.data.url is undefined).
onModelCreate((e) => {
  if (e.model.data.get("url") === "/api/health") {
    return
  }
  e.next()
}, "_logs")
