// Package realtime holds the subscription broker behind /api/realtime: the
// clients connected over SSE, the topics each one is subscribed to (with
// their per-topic request options) and the bounded delivery of messages.
//
// The package knows nothing of records, rules or HTTP: engine/core owns a
// Broker and engine/apis decides, per client, which record events a client
// may see. Callers only use the Broker and Client interfaces.
//
// # Adding a broker that spans several nodes
//
// InProcessBroker keeps its clients in memory, which is all a single node
// needs. With several hookbase nodes in front of one database, each node
// still holds the SSE connections it accepted, so a cluster broker would:
//
//   - embed (or wrap) an InProcessBroker for the local clients, so Register,
//     Unregister, ClientById and Clients keep their meaning per node (a load
//     balancer pins a client's GET and POST /api/realtime to one node by the
//     clientId, or ClientById asks the other nodes and proxies the POST);
//   - forward every committed record change (collection, record id,
//     action) over a shared bus (e.g. PostgreSQL LISTEN/NOTIFY); each node
//     that receives one runs the same rule-checked fan-out of engine/apis
//     (BroadcastRecord) to its own clients, so rules are still checked
//     where the client's auth lives.
//
// The app picks the broker through core.Config.SubscriptionsBroker; nothing
// else changes.
package realtime
