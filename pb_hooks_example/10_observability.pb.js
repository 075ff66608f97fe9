/// <reference path="../pb_data/types.d.ts" />
// Observability: a route describes itself for GET /api/docs/openapi.json
// with a plain object after the handler (routes without one are listed
// too, with their method, path and path params). $app.logger() lines
// written while serving a request carry its X-Request-Id.

routerAdd("GET", "/example/docs/square/{n}", (e) => {
  const n = Number(e.request.pathValue("n"))
  $app.logger().info("squaring", "n", n)
  return e.json(200, { square: n * n })
}, {
  summary: "Squares a number",
  tags: ["examples"],
  response: { type: "object", properties: { square: { type: "number" } }, required: ["square"] },
})
