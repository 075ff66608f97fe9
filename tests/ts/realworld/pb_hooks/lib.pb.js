/// <reference path="../pb_data/types.d.ts" />

onRecordCreateRequest((e) => {
  const utils = require(`${__hooks}/utils.js`)
  const data = e.requestInfo().body
  if (!utils.isValidEmail(data.email)) {
    throw new BadRequestError("Invalid email", {
      email: new ValidationError("invalid_email", "Must be a valid email address."),
    })
  }
  e.next()
}, "subscribers")

onRecordCreateRequest((e) => {
  const info = e.requestInfo()
  const ip = e.realIP()
  const record = e.record
  record.set("ip", ip)
  record.set("userAgent", info.headers["user_agent"])
  return e.next()
}, "feedback")

onModelUpdate((e) => {
  console.log("model updated", e.model.tableName())
  e.next()
})

onCollectionAfterCreateSuccess((e) => {
  console.log("created collection", e.collection.name)
  e.next()
})

onRealtimeSubscribeRequest((e) => {
  console.log("subscriptions", e.subscriptions.join(","))
  e.next()
})
