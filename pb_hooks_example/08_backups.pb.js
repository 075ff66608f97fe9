/// <reference path="../pb_data/types.d.ts" />
// Backups: take one from a route, and watch backups and restores happen.

// POST /example/backups/snapshot (superusers) takes a backup named like
// "example_acme_20260102150405.zip" and answers its name.
routerAdd("POST", "/example/backups/snapshot", (e) => {
  const name = $app.generateBackupName("example_")
  // the request's context: the backup stops if the client goes away
  $app.createBackup(e.request.context(), name)
  return e.json(200, { name })
}, $apis.requireSuperuserAuth())

// every backup (API, dashboard, cron or JS) passes here; e.name may be
// changed before e.next(), e.exclude lists the skipped pb_data entries
onBackupCreate((e) => {
  const started = Date.now()
  e.next()
  $app.logger().info("backup created", "name", e.name, "ms", Date.now() - started)
})

// runs around a restore; after e.next() the app serves the restored data
onBackupRestore((e) => {
  e.next()
  $app.logger().info("backup restored", "name", e.name)
})
