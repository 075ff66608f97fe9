// top-level scope is visible inside handlers
const PREFIX = "top"
function decorate(s) { return `${PREFIX}:${s}` }
const util = require(`${__hooks}/lib/util.js`)
const tiny = require("tiny-pkg")

routerAdd("get", "/js/scope", (e) => e.json(200, { value: decorate("x") }))
routerAdd("GET", "/js/require", (e) => e.json(200, { local: util.greet("bob"), pkg: tiny.double(21) }))
routerAdd("GET", "/js/param/{id}/{rest...}", (c) => c.json(200, {
  id: c.request.pathValue("id"), rest: c.request.pathValue("rest"),
  q: c.request.url.query().get("q"), h: c.request.header.get("X-Test"), m: c.request.method,
}))
routerAdd("POST", "/js/body", (e) => {
  const info = e.requestInfo()
  const data = new DynamicModel({ title: "", n: 0 })
  e.bindBody(data)
  return e.json(201, { title: data.title, n: data.n, bodyTitle: info.body.title, method: info.method, ctx: info.context })
})
routerAdd("GET", "/js/async", async (e) => {
  const v = await new Promise((resolve) => setTimeout(() => resolve(42), 5))
  return e.json(200, { v })
})
routerAdd("GET", "/js/throw", () => { throw new Error("plain failure") })
routerAdd("GET", "/js/throw-string", () => { throw "a string" })
routerAdd("GET", "/js/throw-api", () => { throw new ApiError(418, "teapot", {}) })
routerAdd("GET", "/js/throw-notfound", () => { throw new NotFoundError("gone") })
routerAdd("GET", "/js/throw-forbidden", () => { throw new ForbiddenError() })
routerAdd("GET", "/js/throw-unauthorized", () => { throw new UnauthorizedError() })
routerAdd("GET", "/js/throw-toomany", () => { throw new TooManyRequestsError() })
routerAdd("GET", "/js/throw-internal", () => { throw new InternalServerError() })
routerAdd("GET", "/js/throw-validation", () => {
  throw new BadRequestError("invalid", { title: new ValidationError("validation_bad", "Bad title.") })
})
routerAdd("GET", "/js/loop", () => { while (true) {} })
routerAdd("GET", "/js/sleep", (e) => { sleep(20); return e.string(200, "slept") })
routerAdd("GET", "/js/superuser", (e) => e.json(200, { su: e.hasSuperuserAuth(), email: e.auth.email() }), $apis.requireSuperuserAuth())
routerAdd("GET", "/js/auth", (e) => e.json(200, { ok: true }), $apis.requireAuth())
routerAdd("GET", "/js/guest", (e) => e.json(200, { ok: true }), $apis.requireGuestOnly())
routerAdd("POST", "/js/limited", (e) => e.string(200, "ok"), $apis.bodyLimit(10))
routerAdd("GET", "/js/gzip", (e) => e.string(200, "zipped ".repeat(50)), $apis.gzip())
routerAdd("GET", "/js/mw", (e) => e.json(200, { trail: e.get("trail") }),
  (e) => { e.set("trail", (e.get("trail") || "") + "a"); return e.next() },
  new Middleware((e) => { e.set("trail", (e.get("trail") || "") + "b"); return e.next() }, -10, "mwB"))
routerAdd("GET", "/js/responses/{kind}", (e) => {
  switch (e.request.pathValue("kind")) {
    case "html": return e.html(200, "<b>hi</b>")
    case "xml": return e.xml(200, "text")
    case "blob": return e.blob(200, "application/octet-stream", toBytes("raw"))
    case "redirect": return e.redirect(302, "/js/scope")
    case "nocontent": return e.noContent(204)
    case "cookie":
      e.setCookie(new Cookie({ name: "c1", value: "v1", path: "/" }))
      e.response.header().set("X-Custom", "yes")
      return e.string(200, "cookie")
  }
  return e.string(200, `${e.realIP() != ""}:${e.isTLS()}`)
})
routerUse((e) => { e.response.header().set("X-Router-Use", "1"); return e.next() })
routerAdd("GET", "/js/return-error", (e) => new NotFoundError("returned not thrown"))
// a catch-all must not hide the built-in API routes
routerAdd("GET", "/{path...}", (e) => e.string(200, "catch-all: " + e.request.pathValue("path")))
routerAdd("GET", "/api/{anything}", (e) => e.string(200, "js param route"))
