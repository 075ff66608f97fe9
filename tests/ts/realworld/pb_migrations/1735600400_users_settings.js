/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const users = app.findCollectionByNameOrId("_pb_users_auth_")

  users.fields.add(new TextField({ name: "nickname", max: 50 }))
  users.fields.add(new NumberField({ name: "postsCount", onlyInt: true }))
  users.fields.add(new RelationField({ name: "favorites", collectionId: "pbc_1125843985", maxSelect: 99 }))
  users.fields.add(new JSONField({ name: "prefs" }))
  users.indexes = ["CREATE INDEX `idx_users_nick` ON `users` (`nickname`)"]
  users.indexes.push("CREATE INDEX `idx_users_count` ON `users` (`postsCount`)")

  users.passwordAuth.identityFields = ["email", "nickname"]
  users.otp.enabled = true
  users.otp.duration = 300
  users.mfa.enabled = false
  users.authRule = "verified = true"
  users.oauth2.mappedFields.name = "nickname"

  app.save(users)

  const settings = app.settings()
  settings.meta.appName = "Blog"
  settings.meta.appURL = "https://blog.example.com"
  settings.logs.maxDays = 7
  settings.smtp.enabled = false
  settings.batch.enabled = true
  settings.batch.maxRequests = 50
  settings.rateLimits.enabled = true
  app.save(settings)

  const superusers = app.findCollectionByNameOrId("_superusers")
  const su = new Record(superusers)
  su.set("email", "admin@example.com")
  su.set("password", "1234567890")
  app.save(su)
}, (app) => {
  const users = app.findCollectionByNameOrId("users")
  users.fields.removeByName("nickname")
  users.fields.removeByName("postsCount")
  users.fields.removeByName("favorites")
  users.fields.removeByName("prefs")
  users.indexes = []
  app.save(users)

  try {
    const su = app.findAuthRecordByEmail("_superusers", "admin@example.com")
    app.delete(su)
  } catch (_) {}
})
