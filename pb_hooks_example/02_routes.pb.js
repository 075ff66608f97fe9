/// <reference path="../pb_data/types.d.ts" />
// Custom routes: params, wildcards, top-level helpers in scope, require(),
// middlewares ($apis and JS), request info, responses and error classes.

const { slugify } = require(`${__hooks}/lib/slug.js`)
const startedAt = new DateTime()

// a top-level function used inside handlers (PocketBase can't do this)
function page(e) {
  const n = parseInt(e.request.url.query().get("page") || "1", 10)
  return isNaN(n) || n < 1 ? 1 : n
}

routerAdd("GET", "/example/hello/{name}", (e) => {
  const name = e.request.pathValue("name")
  return e.json(200, { message: `Hello ${name}!`, slug: slugify(name), page: page(e), since: startedAt.string() })
})

routerAdd("GET", "/example/files/{path...}", (e) => e.string(200, "file: " + e.request.pathValue("path")))

// async handlers and timers work: the response waits for the promise
routerAdd("GET", "/example/later", async (e) => {
  const value = await new Promise((resolve) => setTimeout(() => resolve("done"), 10))
  return e.json(200, { value })
})

routerAdd("POST", "/example/articles", (e) => {
  const body = e.requestInfo().body
  if (!body.title) {
    throw new BadRequestError("Missing title.", { title: new ValidationError("validation_required", "Cannot be blank.") })
  }
  // request hooks (onRecordCreateRequest) fire only for the records API, so set the slug here
  const record = new Record($app.findCollectionByNameOrId("articles"), { title: body.title, slug: slugify(body.title) })
  $app.save(record)
  return e.json(201, record)
}, $apis.bodyLimit(1 << 20))

routerAdd("GET", "/example/articles/top", (e) => {
  const rows = arrayOf(new DynamicModel({ id: "", title: "", views: 0 }))
  $app.db()
    .select("id", "title", "views")
    .from("articles")
    .where($dbx.exp("views >= {:min}", { min: 0 }))
    .orderBy("views DESC")
    .limit(10)
    .all(rows)
  return e.json(200, rows)
})

routerAdd("GET", "/example/articles/by-filter", (e) => {
  const records = $app.findRecordsByFilter("articles", "title ~ {:q}", "-created", 20, 0, {
    q: e.request.url.query().get("q") || "",
  })
  return e.json(200, records.map((r) => r.get("title")))
})

// only superusers; a JS middleware adds a header to this route only
routerAdd("GET", "/example/admin/stats", (e) => {
  const total = $app.countRecords("articles")
  return e.json(200, { total, by: e.auth.email() })
}, $apis.requireSuperuserAuth(), (e) => {
  e.response.header().set("X-Admin", "1")
  return e.next()
})

routerAdd("GET", "/example/me", (e) => {
  const info = e.requestInfo()
  return e.json(200, { auth: info.auth ? info.auth.id : null, ip: e.realIP(), tls: e.isTLS() })
}, $apis.requireAuth())

routerAdd("GET", "/example/page", (e) => {
  const html = $template.loadString("<h1>{{.title}}</h1><p>{{.body}}</p>").render({ title: "Hookbase", body: "<hello>" })
  e.setCookie(new Cookie({ name: "seen", value: "1", path: "/", httpOnly: true }))
  return e.html(200, html)
}, $apis.gzip())

routerAdd("GET", "/example/teapot", () => {
  throw new ApiError(418, "I'm a teapot.", {})
})

// every request (built-in routes included) gets a header; priority -10
routerUse(new Middleware((e) => {
  e.response.header().set("X-Powered-By", "hookbase")
  return e.next()
}, -10, "poweredBy"))
