/// <reference path="../pb_data/types.d.ts" />
// Realtime: push a custom message to the clients subscribed to a topic, and
// guard which topics a client may subscribe to. Clients receive it with the
// SDK's pb.realtime.subscribe("notices", (data) => …).

// POST /example/realtime/notify {"topic": "notices", "text": "…"} (superusers)
routerAdd("POST", "/example/realtime/notify", (e) => {
  const body = e.requestInfo().body
  const topic = String(body.topic || "notices")
  const message = new SubscriptionMessage({
    name: topic,
    data: JSON.stringify({ text: String(body.text || ""), at: new Date().toISOString() }),
  })
  const clients = $app.subscriptionsBroker().clients()
  let sent = 0
  for (const id in clients) {
    if (clients[id].hasSubscription(topic)) {
      clients[id].send(message)
      sent++
    }
  }
  return e.json(200, { sent })
}, $apis.requireSuperuserAuth())

// only superusers may subscribe to "admin/…" topics
onRealtimeSubscribeRequest((e) => {
  const wantsAdmin = e.subscriptions.some((topic) => topic.startsWith("admin/"))
  if (wantsAdmin && !e.hasSuperuserAuth()) {
    throw new ForbiddenError("Only superusers can subscribe to admin/ topics.")
  }
  return e.next()
})
