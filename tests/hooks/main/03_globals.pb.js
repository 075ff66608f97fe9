routerAdd("GET", "/js/globals", (e) => {
  const out = {}
  out.security = {
    rand: $security.randomString(12).length,
    md5: $security.md5("a"),
    sha256: $security.sha256("a").length,
    hs256: $security.hs256("a", "k").length,
    equal: $security.equal("a", "a"),
  }
  const token = $security.createJWT({ sub: "x" }, "secret", 60)
  out.jwt = $security.parseJWT(token, "secret").sub
  const key = "12345678901234567890123456789012"
  out.decrypted = $security.decrypt($security.encrypt("secret text", key), key)
  out.filepath = $filepath.join("a", "b", "c.txt") + "|" + $filepath.ext("x.js") + "|" + $filepath.base("/a/b")
  out.env = $os.getenv("HOOKBASE_JS_TEST_ENV")
  const tmp = $filepath.join($os.tempDir(), "hookbase-js-" + $security.randomString(8))
  $os.writeFile(tmp, "file body", 0o644)
  out.readFile = toString($os.readFile(tmp))
  $os.remove(tmp)
  out.toString = toString({ a: 1 }) + "|" + toString(toBytes("bytes"))
  out.template = $template.loadString("Hello {{.name}}!").render({ name: "<b>" })
  const m = {}
  unmarshal({ a: 1, b: [1, 2] }, new DynamicModel({ a: 0, b: [] }))
  const dm = new DynamicModel({ a: 0, b: [] })
  unmarshal({ a: 5, b: [1, 2] }, dm)
  out.unmarshal = [dm.a, dm.b.length]
  out.dbx = typeof $dbx.hashExp({ a: 1 })
  out.dt = new DateTime("2024-01-02 03:04:05.000Z").string()
  out.record = (() => {
    const col = $app.findCollectionByNameOrId("posts")
    const r = new Record(col, { title: "unsaved" })
    r.set("n", 3)
    return [r.get("title"), r.getInt("n"), r.collection().name, r instanceof Record]
  })()
  out.field = (() => {
    const f = new TextField({ name: "extra", max: 5 })
    const g = new Field({ type: "number", name: "num" })
    return [f.name, f.type(), g.type()]
  })()
  out.mailer = new MailerMessage({ subject: "s" }).subject
  out.store = (() => { $app.store().set("k", "v"); return $app.store().get("k") })()
  out.settings = $app.settings().meta.appName !== undefined
  out.isDev = $app.isDev()
  out.logger = typeof $app.logger().info
  out.hooksDir = typeof __hooks
  out.process = typeof process.env
  out.buffer = Buffer.from("hi").toString("base64")
  out.apiError = (() => { const err = new BadRequestError("x"); return [err.status, err instanceof BadRequestError] })()
  out.requestInfo = new RequestInfo({ method: "GET" }).method
  return e.json(200, out)
})

// $app.db() with a DynamicModel and arrayOf
routerAdd("GET", "/js/query", (e) => {
  const rows = arrayOf(new DynamicModel({ title: "", n: 0 }))
  $app.db().newQuery("SELECT title, n FROM posts WHERE n >= {:min} ORDER BY n").bind({ min: 0 }).all(rows)
  const one = new DynamicModel({ total: 0 })
  $app.db().newQuery("SELECT COUNT(*) AS total FROM posts").one(one)
  const found = $app.findRecordsByFilter("posts", "n >= {:min}", "-n", 10, 0, { min: 0 })
  return e.json(200, { rows: rows.map((r) => r.title), total: one.total, filtered: found.length })
})

routerAdd("POST", "/js/http", (e) => {
  const body = e.requestInfo().body
  const res = $http.send({ url: body.url, method: "GET", timeout: 5 })
  return e.json(200, { status: res.statusCode, json: res.json })
})

cronAdd("jsTestJob", "*/10 * * * *", () => {
  $app.store().set("cronRan", "yes")
})
routerAdd("GET", "/js/cron-ran", (e) => e.json(200, { ran: $app.store().get("cronRan") || "" }))

// records loaded straight from a record query into Record targets
routerAdd("GET", "/js/recordquery", (e) => {
  const records = arrayOf(new Record())
  $app.recordQuery("posts").andWhere($dbx.hashExp({ title: "SHOUT" })).limit(10).all(records)
  const one = new Record()
  $app.recordQuery("posts").orderBy("title").limit(1).one(one)
  return e.json(200, { titles: records.map((r) => r.get("title")), first: one.get("title"), col: one.collection().name })
})
