/// <reference path="../pb_data/types.d.ts" />
// The utility globals: $security, $os, $filepath, $http, $filesystem,
// toString/toBytes/unmarshal, sleep, $app.store(), crons and mails.

routerAdd("GET", "/example/utils", (e) => {
  const key = $os.getenv("HOOKBASE_EXAMPLE_KEY") || "0123456789abcdef0123456789abcdef"
  const secret = $security.encrypt("hidden", key)
  const token = $security.createJWT({ role: "demo" }, "jwt-secret", 3600)

  const tmp = $filepath.join($os.tempDir(), "hookbase-example-" + $security.randomString(6) + ".txt")
  $os.writeFile(tmp, toBytes("written by a hook"), 0o644)
  const file = $filesystem.fileFromPath(tmp)
  const content = toString($os.readFile(tmp))
  $os.remove(tmp)

  const model = new DynamicModel({ name: "", tags: [] })
  unmarshal({ name: "demo", tags: ["a", "b"] }, model)

  sleep(5)
  $app.store().set("utils.lastRun", new DateTime().string())

  return e.json(200, {
    random: $security.randomString(8),
    sha256: $security.sha256("hookbase"),
    decrypted: $security.decrypt(secret, key),
    role: $security.parseJWT(token, "jwt-secret").role,
    content,
    fileName: file.originalName,
    model: { name: model.name, tags: model.tags.length },
    hooksDir: $filepath.base(__hooks),
  })
})

// $http.send: fetch JSON from another service (here: this server's health)
routerAdd("GET", "/example/proxy-health", (e) => {
  const res = $http.send({ url: `http://${e.request.host}/api/health`, method: "GET", timeout: 5 })
  return e.json(res.statusCode, res.json)
})

// e-mails are built with MailerMessage and sent with the app's client
routerAdd("POST", "/example/contact", (e) => {
  const body = e.requestInfo().body
  const message = new MailerMessage({
    from: { address: $app.settings().meta.senderAddress || "noreply@example.com", name: "Hookbase" },
    to: [{ address: body.to || "team@example.com" }],
    subject: "Contact form",
    html: $template.loadString("<p>{{.}}</p>").render(body.message || ""),
  })
  if (body.send) {
    $app.newMailClient().send(message)
  }
  return e.json(200, { subject: message.subject, to: message.to.length, canVerify: typeof $mails.sendRecordVerification })
})

// a nightly job; remove one left over from an older version of this file
cronAdd("example_cleanup", "0 3 * * *", () => {
  const old = $app.findRecordsByFilter("article_events", "created < {:cut}", "", 500, 0, {
    cut: new DateTime().addDate(0, 0, -30).string(),
  })
  for (const r of old) $app.delete(r)
  console.log(`example_cleanup removed ${old.length} events`)
})
cronRemove("example_legacy_job")

onTerminate((e) => {
  console.log("hookbase is stopping")
  e.next()
})
