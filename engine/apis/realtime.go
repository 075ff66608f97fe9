package apis

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/realtime"
	"github.com/hookbase/hookbase/engine/tools/hook"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// Keys of the values stored with a realtime client.
const (
	// RealtimeClientAuthKey holds the client's auth record (nil for guests).
	RealtimeClientAuthKey = "auth"
	// RealtimeClientIPKey holds the IP that opened the SSE connection.
	RealtimeClientIPKey = "pbRealtimeClientIP"
)

// Realtime connection timeouts, as in PocketBase; OnRealtimeConnectRequest
// handlers may change them per connection.
const (
	RealtimeIdleTimeout = 5 * time.Minute
	RealtimeMaxTimeout  = 30 * time.Minute
	// RealtimeKeepAlive is how often an SSE comment is written to a quiet
	// connection, so proxies keep it open and a dead peer is noticed. It
	// does not count as activity for the idle timeout.
	RealtimeKeepAlive = 30 * time.Second
)

// Limits of POST /api/realtime, as in PocketBase.
const (
	realtimeMaxClientIdLength = 255
	realtimeMaxSubscriptions  = 1000
	realtimeMaxTopicLength    = 2500
)

// bindRealtimeApi registers GET/POST /api/realtime and the hooks that turn
// record changes into messages.
func bindRealtimeApi(r *Router) {
	r.GET("/api/realtime", realtimeConnect).Bind(SkipSuccessActivityLog())
	r.POST("/api/realtime", realtimeSetSubscriptions)
	bindRealtimeEvents(r.app)
	r.app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Id: realtimeHookId + "Terminate",
		Func: func(e *core.TerminateEvent) error {
			closeRealtimeClients(e.App)
			return e.Next()
		},
	})
}

// realtimeConnect serves one SSE stream: PB_CONNECT first, then every
// message queued for the client, until the peer leaves, a timeout ends it
// or the client is discarded (e.g. it fell too far behind).
func realtimeConnect(e *core.RequestEvent) error {
	rc := http.NewResponseController(e.Response)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return e.InternalServerError("Failed to initialize SSE connection.", err)
	}

	h := e.Response.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	// proxies such as nginx would otherwise buffer the stream
	h.Set("X-Accel-Buffering", "no")

	client := realtime.NewDefaultClient()
	client.Set(RealtimeClientIPKey, e.RealIP())
	event := &core.RealtimeConnectRequestEvent{
		RequestEvent: *e,
		Client:       client,
		IdleTimeout:  RealtimeIdleTimeout,
		MaxTimeout:   RealtimeMaxTimeout,
	}

	stream, req, done, hijacked := hijackRealtime(e)
	if !hijacked {
		return triggerRealtimeConnect(event)
	}
	event.Response = stream
	event.Request = req
	client.OnDrop(done)
	go func() {
		defer done()
		err := triggerRealtimeConnect(event)
		if err != nil {
			e.App.Logger().Debug("realtime: connection ended with an error", "clientId", client.Id(), "error", err)
		}
		stream.finish(err)
	}()
	return nil
}

// triggerRealtimeConnect runs OnRealtimeConnectRequest around the stream:
// as in PocketBase, code after e.Next() in a handler runs once the client
// is gone.
func triggerRealtimeConnect(event *core.RealtimeConnectRequestEvent) error {
	return event.App.OnRealtimeConnectRequest().Trigger(event, func(ce *core.RealtimeConnectRequestEvent) error {
		broker := ce.App.SubscriptionsBroker()
		broker.Register(ce.Client)
		defer broker.Unregister(ce.Client.Id())
		return serveRealtimeStream(ce)
	})
}

func serveRealtimeStream(ce *core.RealtimeConnectRequestEvent) error {
	client := ce.Client
	ctx := ce.Request.Context()
	send := func(msg realtime.Message) error {
		me := &core.RealtimeMessageEvent{RequestEvent: ce.RequestEvent, Client: client, Message: &msg}
		return ce.App.OnRealtimeMessageSend().Trigger(me, func(me *core.RealtimeMessageEvent) error {
			return me.Message.WriteSSE(me.Response, me.Client.Id())
		})
	}

	connect := realtime.Message{Name: "PB_CONNECT", Data: []byte(`{"clientId":` + strconv.Quote(client.Id()) + `}`)}
	if stream, ok := ce.Response.(*hijackedStream); ok {
		err := onFreshStack(func() error { return writePending(ce, stream, send, []realtime.Message{connect}) })
		if err != nil {
			return nil
		}
		return serveHijackedLoop(ce, stream, send)
	}
	if err := send(connect); err != nil {
		ce.App.Logger().Debug("realtime: PB_CONNECT not delivered", "clientId", client.Id(), "error", err)
		return nil
	}
	if err := ce.Flush(); err != nil {
		return nil
	}

	now := time.Now()
	maxDeadline := now.Add(ce.MaxTimeout)
	idleDeadline := now.Add(ce.IdleTimeout)
	pingAt := now.Add(RealtimeKeepAlive)
	timer := time.NewTimer(time.Until(earliest(maxDeadline, idleDeadline, pingAt)))
	defer timer.Stop()

	for {
		select {
		case <-ctx.Done():
			return nil
		case <-client.Done():
			return nil
		case <-client.Ready():
			for _, msg := range client.TakePending() {
				if err := send(msg); err != nil {
					ce.App.Logger().Debug("realtime: message not delivered", "clientId", client.Id(), "error", err)
					return nil
				}
			}
			if err := ce.Flush(); err != nil {
				return nil
			}
			now := time.Now()
			idleDeadline = now.Add(ce.IdleTimeout)
			pingAt = now.Add(RealtimeKeepAlive)
		case now := <-timer.C:
			if !now.Before(maxDeadline) || !now.Before(idleDeadline) {
				return nil
			}
			if !now.Before(pingAt) {
				if _, err := ce.Response.Write([]byte(":\n\n")); err != nil {
					return nil
				}
				if err := ce.Flush(); err != nil {
					return nil
				}
				pingAt = now.Add(RealtimeKeepAlive)
			}
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(time.Until(earliest(maxDeadline, idleDeadline, pingAt)))
	}
}

func earliest(first time.Time, rest ...time.Time) time.Time {
	for _, t := range rest {
		if t.Before(first) {
			first = t
		}
	}
	return first
}

type realtimeSubscribeForm struct {
	ClientId      string   `json:"clientId" form:"clientId"`
	Subscriptions []string `json:"subscriptions" form:"subscriptions"`
}

func (f *realtimeSubscribeForm) validate() error {
	errs := validation.Errors{}
	switch n := len(f.ClientId); {
	case n == 0:
		errs["clientId"] = validation.Required()
	case n > realtimeMaxClientIdLength:
		errs["clientId"] = validation.NewError("validation_length_out_of_range",
			"The length must be between 1 and "+strconv.Itoa(realtimeMaxClientIdLength)+".").
			SetParams(map[string]any{"min": 1, "max": realtimeMaxClientIdLength})
	}
	if len(f.Subscriptions) > realtimeMaxSubscriptions {
		errs["subscriptions"] = validation.NewError("validation_length_too_long",
			"The length must be no more than "+strconv.Itoa(realtimeMaxSubscriptions)+".").
			SetParams(map[string]any{"max": realtimeMaxSubscriptions})
	} else {
		items := validation.Errors{}
		for i, s := range f.Subscriptions {
			if len(s) > realtimeMaxTopicLength {
				items[strconv.Itoa(i)] = validation.NewError("validation_length_too_long",
					"The length must be no more than "+strconv.Itoa(realtimeMaxTopicLength)+".").
					SetParams(map[string]any{"max": realtimeMaxTopicLength})
			}
		}
		if len(items) > 0 {
			errs["subscriptions"] = items
		}
	}
	return errs.Filter()
}

// realtimeSetSubscriptions replaces a client's topics and attaches the
// request's auth to it. A client's auth may go from guest to a record,
// never from one record to another (or back to guest).
func realtimeSetSubscriptions(e *core.RequestEvent) error {
	form := &realtimeSubscribeForm{}
	if err := e.BindBody(form); err != nil {
		return e.BadRequestError("", err)
	}
	if err := form.validate(); err != nil {
		return e.BadRequestError("", err)
	}

	client, err := e.App.SubscriptionsBroker().ClientById(form.ClientId)
	if err != nil {
		return e.NotFoundError("Missing or invalid client id.", err)
	}

	// an extra guard against guessed client ids: the subscriber must be
	// where the stream is (clients registered by Go code carry no IP)
	if ip, _ := client.Get(RealtimeClientIPKey).(string); ip != "" && ip != e.RealIP() {
		return e.BadRequestError("Invalid realtime client.", nil)
	}

	if current, _ := client.Get(RealtimeClientAuthKey).(*core.Record); current != nil && !isSameAuth(current, e.Auth) {
		return e.ForbiddenError("The current and the previous request authorization don't match.", nil)
	}

	event := &core.RealtimeSubscribeRequestEvent{
		RequestEvent:  *e,
		Client:        client,
		Subscriptions: form.Subscriptions,
	}
	return e.App.OnRealtimeSubscribeRequest().Trigger(event, func(se *core.RealtimeSubscribeRequestEvent) error {
		if se.Auth != nil {
			se.Client.Set(RealtimeClientAuthKey, se.Auth)
		} else {
			se.Client.Unset(RealtimeClientAuthKey)
		}
		se.Client.Unsubscribe()
		se.Client.Subscribe(se.Subscriptions...)
		return se.NoContent(http.StatusNoContent)
	})
}

// closeRealtimeClients ends every realtime stream (server shutdown, app
// termination); SDK clients reconnect to whichever server comes next.
func closeRealtimeClients(app *core.App) {
	broker := app.SubscriptionsBroker()
	for id := range broker.Clients() {
		broker.Unregister(id)
	}
}

// isSameAuth reports whether a and b are the same auth record (or both nil).
func isSameAuth(a, b *core.Record) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Id == b.Id && a.Collection().Id == b.Collection().Id
}

// SendToClient queues msg for the realtime client with the id, e.g. the
// result of a flow the client started (the OAuth2 popup's "@oauth2").
func SendToClient(app *core.App, clientId string, msg realtime.Message) error {
	client, err := app.SubscriptionsBroker().ClientById(clientId)
	if err != nil {
		return err
	}
	client.Send(msg)
	return nil
}
