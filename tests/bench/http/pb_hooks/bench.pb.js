// Routes and hooks the JS cases of the HTTP bench exercise.
routerAdd("GET", "/bench/hello", (e) => e.json(200, { ok: true }))

routerAdd("GET", "/bench/query", (e) => {
  const recs = $app.findRecordsByFilter("posts", "views > {:v}", "-views", 20, 0, { v: 500 })
  return e.json(200, recs)
})

onRecordCreateRequest((e) => {
  e.record.set("stamp", "js:" + e.record.get("title"))
  return e.next()
}, "hooked")
