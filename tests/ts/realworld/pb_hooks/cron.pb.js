/// <reference path="../pb_data/types.d.ts" />

cronAdd("cleanup-sessions", "0 3 * * *", () => {
  const old = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString().replace("T", " ")
  const records = $app.findRecordsByFilter("sessions", "updated < {:old}", "", 500, 0, { old })
  records.forEach((r) => $app.delete(r))
  console.log(`removed ${records.length} sessions`)
})

cronAdd("digest", "*/30 * * * *", async () => {
  const res = $http.send({
    url: "https://api.example.com/digest",
    method: "POST",
    body: JSON.stringify({ since: new Date().toISOString() }),
    headers: { "content-type": "application/json", "Authorization": "Bearer " + $os.getenv("DIGEST_TOKEN") },
    timeout: 30,
  })
  if (res.statusCode !== 200) {
    $app.logger().warn("digest failed", "status", res.statusCode, "body", toString(res.body))
    return
  }
  const items = res.json.items || []
  const collection = $app.findCollectionByNameOrId("digests")
  $app.runInTransaction((txApp) => {
    for (const item of items) {
      const record = new Record(collection)
      record.load({ title: item.title, url: item.url })
      txApp.save(record)
    }
  })
})

cronAdd("count-users", "@hourly", () => {
  const total = $app.countRecords("users")
  const verified = $app.countRecords("users", $dbx.hashExp({ verified: true }))
  $app.store().set("usersTotal", total)
  console.log("users", total, verified)
})
