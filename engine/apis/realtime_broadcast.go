package apis

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/realtime"
	"github.com/hookbase/hookbase/engine/search"
	"github.com/hookbase/hookbase/engine/tools/hook"
	"github.com/pocketbase/dbx"
)

// realtimeChunkSize is how many clients one fan-out worker walks.
const realtimeChunkSize = 100

// Ids of the realtime hook handlers: binding again (a second server for the
// same app) replaces them instead of sending every event twice.
const realtimeHookId = "__hbRealtime"

// bindRealtimeEvents turns committed record changes into messages and keeps
// the clients' auth in step with their auth records.
func bindRealtimeEvents(app *core.App) {
	pending := newPendingDeletes()

	// Bound on the record hook (which fires just before the model one)
	// rather than on the model hook, so that no model-create handler is
	// bound by default and the log rows take the writer's bulk path.
	app.OnRecordAfterCreateSuccess().Bind(&hook.Handler[*core.RecordEvent]{
		Id: realtimeHookId + "Create", Priority: -99,
		Func: func(e *core.RecordEvent) error {
			BroadcastRecord(e.App, "create", e.Record)
			return e.Next()
		},
	})

	app.OnModelAfterUpdateSuccess().Bind(&hook.Handler[*core.ModelEvent]{
		Id: realtimeHookId + "Update", Priority: -99,
		Func: func(e *core.ModelEvent) error {
			if r, ok := e.Model.(*core.Record); ok {
				if r.Collection().IsAuth() {
					realtimeRefreshClientsAuth(e.App, r)
				}
				BroadcastRecord(e.App, "update", r)
			}
			return e.Next()
		},
	})

	// A deleted record can no longer be checked against the rules, so the
	// messages are prepared before the DELETE runs (reading outside the
	// transaction, where the row and its parents still exist) and sent
	// once the transaction commits; a rollback drops them.
	app.OnModelDelete().Bind(&hook.Handler[*core.ModelEvent]{
		Id: realtimeHookId + "DeletePrepare", Priority: 99,
		Func: func(e *core.ModelEvent) error {
			if r, ok := e.Model.(*core.Record); ok {
				pending.put(r, prepareRecordMessages(e.App.NonTransactional(), "delete", r))
			}
			return e.Next()
		},
	})
	app.OnModelAfterDeleteSuccess().Bind(&hook.Handler[*core.ModelEvent]{
		Id: realtimeHookId + "Delete", Priority: -99,
		Func: func(e *core.ModelEvent) error {
			if r, ok := e.Model.(*core.Record); ok {
				if r.Collection().IsAuth() {
					realtimeUnsetClientsAuth(e.App, func(auth *core.Record) bool { return isSameAuth(auth, r) })
				}
				for _, d := range pending.take(r) {
					d.client.Send(d.msg)
				}
			}
			return e.Next()
		},
	})
	app.OnModelAfterDeleteError().Bind(&hook.Handler[*core.ModelErrorEvent]{
		Id: realtimeHookId + "DeleteError", Priority: -99,
		Func: func(e *core.ModelErrorEvent) error {
			if r, ok := e.Model.(*core.Record); ok {
				pending.take(r)
			}
			return e.Next()
		},
	})

	// a new token secret invalidates every token of the collection
	app.OnCollectionUpdate().Bind(&hook.Handler[*core.CollectionEvent]{
		Id: realtimeHookId + "CollectionUpdate", Priority: -99,
		Func: func(e *core.CollectionEvent) error {
			c := e.Collection
			if !c.IsAuth() {
				return e.Next()
			}
			old, _ := e.App.FindCachedCollectionByNameOrId(c.Id)
			var oldSecret string
			if old != nil {
				oldSecret = old.AuthToken.Secret
			}
			if err := e.Next(); err != nil {
				return err
			}
			if old != nil && oldSecret != c.AuthToken.Secret {
				realtimeUnsetClientsAuth(e.App, func(auth *core.Record) bool { return auth.Collection().Id == c.Id })
			}
			return nil
		},
	})
	app.OnCollectionAfterDeleteSuccess().Bind(&hook.Handler[*core.CollectionEvent]{
		Id: realtimeHookId + "CollectionDelete", Priority: -99,
		Func: func(e *core.CollectionEvent) error {
			if c := e.Collection; c.IsAuth() {
				realtimeUnsetClientsAuth(e.App, func(auth *core.Record) bool { return auth.Collection().Id == c.Id })
			}
			return e.Next()
		},
	})
}

// realtimeRefreshClientsAuth gives the clients authenticated as r its new
// state, or makes them guests when its token key changed (new password,
// or tokens revoked): they keep the stream and may authenticate again.
func realtimeRefreshClientsAuth(app *core.App, r *core.Record) {
	for _, client := range app.SubscriptionsBroker().Clients() {
		auth, _ := client.Get(RealtimeClientAuthKey).(*core.Record)
		if auth == nil || !isSameAuth(auth, r) {
			continue
		}
		if auth.TokenKey() != r.TokenKey() {
			client.Unset(RealtimeClientAuthKey)
		} else {
			client.Set(RealtimeClientAuthKey, r.Fresh())
		}
	}
}

// realtimeUnsetClientsAuth makes guests of the clients whose auth matches.
func realtimeUnsetClientsAuth(app *core.App, match func(auth *core.Record) bool) {
	for _, client := range app.SubscriptionsBroker().Clients() {
		if auth, _ := client.Get(RealtimeClientAuthKey).(*core.Record); auth != nil && match(auth) {
			client.Unset(RealtimeClientAuthKey)
		}
	}
}

// BroadcastRecord sends a record event to every client subscribed to the
// record's topics whose auth and options pass the collection's rules. It is
// called after the change committed.
func BroadcastRecord(app *core.App, action string, record *core.Record) {
	// each worker sends as soon as its chunk is rendered: the sends (often
	// direct socket writes) are spread over the workers too
	fanOutRecord(app, action, record, func(ds []delivery) {
		for _, d := range ds {
			d.client.Send(d.msg)
		}
	})
}

// delivery is one message for one client.
type delivery struct {
	client realtime.Client
	msg    realtime.Message
}

// prepareRecordMessages checks every subscribed client's access and renders
// its message. Clients with the same auth and the same topic options get
// the same bytes, so the rules run and the JSON is built once per distinct
// (auth, options) pair, however many clients share it.
func prepareRecordMessages(app *core.App, action string, record *core.Record) []delivery {
	var mu sync.Mutex
	var out []delivery
	fanOutRecord(app, action, record, func(ds []delivery) {
		mu.Lock()
		out = append(out, ds...)
		mu.Unlock()
	})
	return out
}

// fanOutRecord renders the messages of every subscribed client in chunks
// worked on in parallel, handing each chunk's deliveries to use.
func fanOutRecord(app *core.App, action string, record *core.Record, use func([]delivery)) {
	collection := record.Collection()
	broker := app.SubscriptionsBroker()
	if collection == nil || broker.TotalClients() == 0 {
		return
	}
	viewTopics := []string{collection.Name + "/" + record.Id + "?", collection.Id + "/" + record.Id + "?"}
	listTopics := []string{
		collection.Name + "/*?", collection.Id + "/*?",
		// the bare collection topic is PocketBase's older spelling of "/*"
		collection.Name + "?", collection.Id + "?",
	}

	renders := &renderCache{
		app: app, action: action, record: record,
		entries: map[string]*renderEntry{},
	}
	chunks := broker.ChunkedClients(realtimeChunkSize)
	workers := min(len(chunks), runtime.GOMAXPROCS(0)*2)
	next := make(chan int, len(chunks))
	for i := range chunks {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ds := renders.chunk(chunks[i], viewTopics, listTopics); len(ds) > 0 {
					use(ds)
				}
			}
		}()
	}
	wg.Wait()
}

// renderCache holds the outcome per (rule, auth, options) of one event.
type renderCache struct {
	app    *core.App
	action string
	record *core.Record

	mu      sync.Mutex
	entries map[string]*renderEntry
}

type renderEntry struct {
	once sync.Once
	data []byte // nil: the client may not see the record
}

func (rc *renderCache) chunk(clients []realtime.Client, viewTopics, listTopics []string) []delivery {
	var out []delivery
	for _, client := range clients {
		if client.IsDiscarded() {
			continue
		}
		for _, kind := range [2]bool{true, false} {
			topics := listTopics
			if kind {
				topics = viewTopics
			}
			subs := client.Subscriptions(topics...)
			if len(subs) == 0 {
				continue
			}
			auth, _ := client.Get(RealtimeClientAuthKey).(*core.Record)
			for topic, opts := range subs {
				if data := rc.render(kind, auth, topic, opts); data != nil {
					out = append(out, delivery{client: client, msg: realtime.Message{Name: topic, Data: data}})
				}
			}
		}
	}
	return out
}

// render returns the message data for a client, computed once per key.
func (rc *renderCache) render(isView bool, auth *core.Record, topic string, opts realtime.SubscriptionOptions) []byte {
	var key strings.Builder
	if isView {
		key.WriteString("v|")
	} else {
		key.WriteString("l|")
	}
	if auth != nil {
		key.WriteString(auth.Collection().Id)
		key.WriteByte('/')
		key.WriteString(auth.Id)
	}
	key.WriteByte('|')
	if i := strings.IndexByte(topic, '?'); i >= 0 {
		key.WriteString(topic[i:])
	}
	rc.mu.Lock()
	entry := rc.entries[key.String()]
	if entry == nil {
		entry = &renderEntry{}
		rc.entries[key.String()] = entry
	}
	rc.mu.Unlock()
	entry.once.Do(func() {
		data, err := renderRecordMessage(rc.app, rc.action, rc.record, isView, auth, opts)
		if err != nil {
			rc.app.Logger().Debug("realtime: record message not built", "collection", rc.record.Collection().Name, "id", rc.record.Id, "error", err)
			return
		}
		entry.data = data
	})
	return entry.data
}

// recordMessage is the data of a record event.
type recordMessage struct {
	Record any    `json:"record"`
	Action string `json:"action"`
}

var errRealtimeNoAccess = errors.New("no access")

// renderRecordMessage checks the client's access to the record as the
// records API would for a GET with the subscription's query and headers,
// then exports the record as that request would see it (expand, fields,
// hidden fields, email visibility, OnRecordEnrich).
func renderRecordMessage(app *core.App, action string, record *core.Record, isView bool, auth *core.Record, opts realtime.SubscriptionOptions) ([]byte, error) {
	collection := record.Collection()
	info := &core.RequestInfo{
		Auth:    auth,
		Query:   opts.Query,
		Headers: opts.Headers,
		Body:    map[string]any{},
		Method:  "GET",
		Context: core.RequestContextRealtime,
	}
	rule := collection.ListRule
	if isView {
		rule = collection.ViewRule
	}
	ok, err := app.CanAccessRecord(record, info, rule)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errRealtimeNoAccess
	}
	if ok, err := matchesClientFilter(app, record, info); err != nil || !ok {
		if err == nil {
			err = errRealtimeNoAccess
		}
		return nil, err
	}

	clean := record.Fresh()
	event := &core.RequestEvent{App: app, Auth: auth}
	event.SetRequestInfo(info)
	if err := EnrichRecord(event, clean); err != nil {
		return nil, err
	}
	msg := recordMessage{Record: clean, Action: action}
	if raw := info.Query[fieldsQueryParam]; raw != "" {
		picked, err := pickFields(clean, raw)
		if err != nil {
			return nil, err
		}
		msg.Record = picked
	}
	return json.Marshal(msg)
}

// matchesClientFilter applies the subscription's own "filter" option, with
// the same superuser-only identifiers refused as for the records API.
func matchesClientFilter(app *core.App, record *core.Record, info *core.RequestInfo) (bool, error) {
	filter := info.Query[search.FilterQueryParam]
	if filter == "" {
		return true, nil
	}
	if err := checkSuperuserOnlyFilterFields(info); err != nil {
		return false, nil
	}
	c := record.Collection()
	resolver := core.NewRecordFieldResolver(app, c, info, false)
	expr, err := search.FilterData(filter).BuildExpr(resolver)
	if err != nil {
		return false, err
	}
	q := app.RecordQuery(c).Select("(1)").
		AndWhere(dbx.HashExp{c.Name + ".id": record.Id}).
		AndWhere(expr)
	if err := resolver.UpdateQuery(q); err != nil {
		return false, err
	}
	var exists int
	if err := q.Limit(1).Row(&exists); err != nil {
		return false, nil
	}
	return exists > 0, nil
}

// pendingDeletes holds the messages of deletes that have not committed yet.
type pendingDeletes struct {
	mu      sync.Mutex
	entries map[string]pendingDelete
}

type pendingDelete struct {
	at         time.Time
	deliveries []delivery
}

// pendingDeleteTTL drops messages of a delete whose outcome never came
// (e.g. a nested delete inside a transaction that was rolled back).
const pendingDeleteTTL = 10 * time.Minute

func newPendingDeletes() *pendingDeletes {
	return &pendingDeletes{entries: map[string]pendingDelete{}}
}

func pendingKey(r *core.Record) string { return r.Collection().Id + "/" + r.Id }

func (p *pendingDeletes) put(r *core.Record, deliveries []delivery) {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, e := range p.entries {
		if now.Sub(e.at) > pendingDeleteTTL {
			delete(p.entries, k)
		}
	}
	if len(deliveries) == 0 {
		delete(p.entries, pendingKey(r))
		return
	}
	p.entries[pendingKey(r)] = pendingDelete{at: now, deliveries: deliveries}
}

func (p *pendingDeletes) take(r *core.Record) []delivery {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.entries[pendingKey(r)]
	delete(p.entries, pendingKey(r))
	return e.deliveries
}
