/// <reference path="../pb_data/types.d.ts" />
// The less common classes: Timezone, Context, FormData, RecordUpsertForm,
// SubscriptionMessage, Command, the null*() shape helpers and e.xml().

// an RSS-like feed of the latest articles as XML; dates in the site's zone
routerAdd("GET", "/example/feed.xml", (e) => {
  const zone = new Timezone($os.getenv("SITE_TIMEZONE") || "Europe/Riga")
  const articles = $app.findRecordsByFilter("articles", "title != ''", "-created", 10, 0)
  return e.xml(200, {
    feed: {
      "@zone": zone.string(),
      entry: articles.map((a) => ({
        "@id": a.id,
        title: a.getString("title"),
        published: a.getDateTime("created").time().in(zone).format("2006-01-02 15:04"),
      })),
    },
  })
})

// an article created through the same checks as the records API, saved
// with a context that carries where the save came from
routerAdd("POST", "/example/articles/form", (e) => {
  const record = new Record($app.findCollectionByNameOrId("articles"))
  const form = new RecordUpsertForm($app, record)
  form.setContext(new Context(null, "source", "example-form"))
  form.load(e.requestInfo().body)
  form.submit()
  return e.json(201, record)
})

// articles whose optional columns may be NULL (a LEFT JOIN)
routerAdd("GET", "/example/articles/events", (e) => {
  const rows = arrayOf(new DynamicModel({ title: "", kind: nullString(), data: nullObject() }))
  $app.db().newQuery(
    "SELECT a.title AS title, ev.kind AS kind, ev.data AS data FROM articles a " +
    "LEFT JOIN article_events ev ON ev.article = a.id ORDER BY a.title, ev.kind",
  ).all(rows)
  return e.json(200, rows)
})

// forwards an uploaded text to a webhook as multipart/form-data
routerAdd("POST", "/example/forward", (e) => {
  const url = $os.getenv("EXAMPLE_WEBHOOK_URL")
  if (!url) {
    throw new BadRequestError("EXAMPLE_WEBHOOK_URL is not set.")
  }
  const text = toString(e.request.body)
  const form = new FormData()
  form.append("note", "forwarded by hookbase")
  form.append("upload", $filesystem.fileFromBytes(toBytes(text), "upload.txt"))
  const res = $http.send({ url, method: "POST", body: form, timeout: 10 })
  return e.json(200, { status: res.statusCode, sent: form.keys() })
})

// realtime messages named "time" get the server time in the message itself
onRealtimeMessageSend((e) => {
  if (e.message.name === "time") {
    e.message = new SubscriptionMessage({ name: "time", data: JSON.stringify({ now: new DateTime().string() }) })
  }
  e.next()
})

// a console command; hookbase's CLI does not run JS commands (yet), so it
// is only described here
const helloCommand = new Command({
  use: "hello",
  short: "Prints a greeting",
  run: (cmd, args) => console.log("hello", ...args),
})
routerAdd("GET", "/example/commands", (e) => e.json(200, [{ use: helloCommand.use, short: helloCommand.short }]))
