/// <reference path="../pb_data/types.d.ts" />
// Routes exercising the less common classes; tests/jsvm_classes_test.go
// checks them over HTTP.

onBootstrap((e) => {
  e.next()
  try {
    $app.findCollectionByNameOrId("members")
    return
  } catch (_) {}
  const members = new Collection({
    type: "auth", name: "members",
    listRule: "", viewRule: "", createRule: "", updateRule: "", deleteRule: "",
    fields: [
      { type: "text", name: "nick" },
      { type: "text", name: "secret", hidden: true },
    ],
  })
  $app.save(members)
  $app.save(new Collection({
    type: "base", name: "nulls", createRule: "",
    fields: [{ type: "text", name: "label" }],
  }))
})

const cmd = new Command({ use: "hello", short: "says hello", run: (c, args) => console.log("hello", args) })

routerAdd("GET", "/classes/command", (e) => {
  const sub = new Command({ use: "sub" })
  const root = new Command({ use: "root" })
  root.addCommand(sub)
  let bad = ""
  try {
    new Command({ nope: 1 })
  } catch (err) {
    bad = String(err)
  }
  return e.json(200, {
    use: cmd.use, short: cmd.short, hasRun: typeof cmd.run === "function",
    instance: cmd instanceof Command, children: root.commands().length, bad,
  })
})

routerAdd("GET", "/classes/timezone", (e) => {
  const riga = new Timezone("Europe/Riga")
  const fallback = new Timezone("Nowhere/Nothing")
  // summer in Riga is UTC+3
  const dt = new DateTime("2024-07-01 12:00:00", riga)
  const byName = new DateTime("2024-01-01 12:00:00", "Europe/Riga")
  const explicit = new DateTime("2024-07-01 12:00:00Z", riga)
  const wall = new DateTime("2024-07-01 09:00:00.000Z").time().in(riga).format("15:04")
  return e.json(200, {
    name: riga.string(), fallback: fallback.string(), instance: riga instanceof Timezone,
    dt: dt.string(), byName: byName.string(), explicit: explicit.string(), wall,
  })
})

routerAdd("GET", "/classes/message", (e) => {
  const text = new SubscriptionMessage({ name: "greet", data: '{"hello":"world"}' })
  const obj = new SubscriptionMessage({ name: "obj", data: { n: 1 } })
  return e.json(200, {
    name: text.name, data: toString(text.data), objData: toString(obj.data),
    instance: text instanceof SubscriptionMessage,
  })
})

routerAdd("GET", "/classes/context", (e) => {
  const blank = new Context()
  const base = new Context(null, "a", 123)
  const sub = new Context(base, "b", "two")
  return e.json(200, {
    blank: blank.value("a"), a: base.value("a"), subA: sub.value("a"), subB: sub.value("b"),
    baseB: base.value("b"), instance: sub instanceof Context, err: sub.err(),
  })
})

routerAdd("POST", "/classes/formdata", (e) => {
  const form = new FormData()
  form.append("title", "hi")
  form.append("tag", "a")
  form.append("tag", "b")
  form.append("n", 7)
  form.set("title", "hello")
  form.append("doc", $filesystem.fileFromBytes(toBytes("file body"), "doc.txt"))
  form.append("gone", "x")
  form.delete("gone")
  const res = $http.send({
    url: $os.getenv("HOOKBASE_ECHO_URL"), method: "POST", body: form,
    headers: { "content-type": "text/plain" },
  })
  return e.json(200, {
    status: res.statusCode, echo: res.json, keys: form.keys(), tags: form.getAll("tag"),
    has: form.has("gone"), first: form.get("tag"), entries: form.entries().length,
  })
})

routerAdd("POST", "/classes/upsert", (e) => {
  const body = e.requestInfo().body
  const members = $app.findCollectionByNameOrId("members")
  const record = body.id ? $app.findRecordById("members", body.id) : new Record(members)
  const form = new RecordUpsertForm($app, record)
  if (body.superuser) {
    form.grantSuperuserAccess()
  }
  form.load(body.data)
  form.submit()
  return e.json(200, {
    id: record.id, email: record.email(), nick: record.get("nick"),
    secret: record.get("secret"), validPassword: record.validatePassword(body.data.password || ""),
  })
})

routerAdd("GET", "/classes/nulls", (e) => {
  const rows = arrayOf(new DynamicModel({
    s: nullString(), i: nullInt(), f: nullFloat(), b: nullBool(), a: nullArray(), o: nullObject(),
  }))
  $app.db().newQuery(
    "SELECT NULL AS s, NULL AS i, NULL AS f, NULL AS b, NULL AS a, NULL AS o " +
    "UNION ALL SELECT 'x', 5, 1.5, 1, '[1,2]', '{\"k\":\"v\"}'"
  ).all(rows)
  const empty = new DynamicModel({ s: nullString(), n: 0 })
  return e.json(200, {
    rows, nullIsNull: rows[0].s === null && rows[0].i === null,
    looseEqual: rows[1].s == "x" && rows[1].i == 5, empty,
  })
})

routerAdd("GET", "/classes/xml", (e) => {
  return e.xml(200, { note: { "@id": 7, to: "Ann & Bob", items: { item: [1, 2] }, empty: null, "#text": "t" } })
})

routerAdd("GET", "/classes/xml-multi", (e) => e.xml(201, { a: 1, b: "two" }))

routerAdd("GET", "/classes/xml-record", (e) => {
  const record = new Record($app.findCollectionByNameOrId("nulls"), { label: "lbl" })
  return e.xml(200, { record })
})

routerAdd("GET", "/classes/xml-bad", (e) => e.xml(200, { "bad name": 1 }))

onRecordCreateRequest((e) => {
  if (e.request.header.get("X-Want-XML") === "1") {
    return e.xml(202, { created: { collection: e.collection.name } })
  }
  return e.next()
}, "nulls")
