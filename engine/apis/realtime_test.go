package apis_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/realtime"
	"github.com/hookbase/hookbase/engine/tools/router"
)

func apisSendToClient(env *realtimeStressEnv, clientId string, msg realtime.Message) error {
	return apis.SendToClient(env.app, clientId, msg)
}

// waitFor polls cond for up to d.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}

func TestRealtimeConnectHookRunsAroundTheStream(t *testing.T) {
	env := newRealtimeStressEnv(t)
	var before, after atomic.Int32
	env.app.OnRealtimeConnectRequest().BindFunc(func(e *core.RealtimeConnectRequestEvent) error {
		before.Add(1)
		err := e.Next()
		// PocketBase: code after e.Next() runs once the client is gone
		after.Add(1)
		return err
	})
	c, err := dialSSE(env.addr)
	if err != nil {
		t.Fatal(err)
	}
	if before.Load() != 1 || after.Load() != 0 {
		t.Fatalf("while connected: before=%d after=%d", before.Load(), after.Load())
	}
	c.conn.Close()
	if !waitFor(5*time.Second, func() bool { return after.Load() == 1 }) {
		t.Fatal("the code after e.Next() did not run when the client left")
	}
	if !waitFor(5*time.Second, func() bool { return env.app.SubscriptionsBroker().TotalClients() == 0 }) {
		t.Fatal("the client was not removed on disconnect")
	}
}

func TestRealtimeConnectHookErrorIsAnHTTPError(t *testing.T) {
	env := newRealtimeStressEnv(t)
	env.app.OnRealtimeConnectRequest().BindFunc(func(e *core.RealtimeConnectRequestEvent) error {
		if e.Request.URL.Query().Get("deny") != "" {
			return router.NewForbiddenError("No streams for you.", nil)
		}
		return e.Next()
	})
	res, err := http.Get(env.srv.URL + "/api/realtime?deny=1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), `"message":"No streams for you."`) {
		t.Fatalf("got %d %s", res.StatusCode, body)
	}
	if env.app.SubscriptionsBroker().TotalClients() != 0 {
		t.Fatal("a refused client was registered")
	}
}

func TestRealtimeIdleTimeoutEndsTheStream(t *testing.T) {
	env := newRealtimeStressEnv(t)
	env.app.OnRealtimeConnectRequest().BindFunc(func(e *core.RealtimeConnectRequestEvent) error {
		e.IdleTimeout = 300 * time.Millisecond
		return e.Next()
	})
	res, err := http.Get(env.srv.URL + "/api/realtime")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("headers: %v", res.Header)
	}
	start := time.Now()
	body, err := io.ReadAll(res.Body) // ends when the server closes the stream
	if err != nil {
		t.Fatalf("the stream did not end cleanly: %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("idle stream lived %s", took)
	}
	if !strings.HasPrefix(string(body), "id:") || !strings.Contains(string(body), "event:PB_CONNECT\n") {
		t.Fatalf("body %q", body)
	}
	if !waitFor(2*time.Second, func() bool { return env.app.SubscriptionsBroker().TotalClients() == 0 }) {
		t.Fatal("the timed-out client is still registered")
	}
}

func TestRealtimeMessageSendHookAndCustomMessages(t *testing.T) {
	env := newRealtimeStressEnv(t)
	env.app.OnRealtimeMessageSend().BindFunc(func(e *core.RealtimeMessageEvent) error {
		if e.Message.Name == "custom" {
			e.Message.Data = append(e.Message.Data, []byte(` (seen by the hook)`)...)
		}
		return e.Next()
	})
	c, err := dialSSE(env.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.conn.Close()
	if err := apisSendToClient(env, c.clientId, realtime.Message{Name: "custom", Data: []byte("line one\nline two")}); err != nil {
		t.Fatal(err)
	}
	name, data, err := c.next()
	if err != nil || name != "custom" || string(data) != "line oneline two (seen by the hook)" {
		// next() joins data: lines without the "\n" the EventSource adds
		t.Fatalf("got %q %q %v", name, data, err)
	}
	if err := apisSendToClient(env, "missing", realtime.Message{Name: "x"}); !errors.Is(err, realtime.ErrClientNotFound) {
		t.Fatalf("unknown client: %v", err)
	}
}

func TestRealtimeSlowClientIsDroppedNotWaitedFor(t *testing.T) {
	env := newRealtimeStressEnv(t)
	// a raw connection that never reads after PB_CONNECT
	conn, err := net.Dial("tcp", env.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.(*net.TCPConn).SetReadBuffer(4096)
	if _, err := conn.Write([]byte("GET /api/realtime HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	var clientId string
	for clientId == "" {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if rest, ok := strings.CutPrefix(line, "data:"); ok {
			var v struct{ ClientId string }
			_ = json.Unmarshal([]byte(rest), &v)
			clientId = v.ClientId
		}
	}
	payload := []byte(`"` + strings.Repeat("x", 64<<10) + `"`)
	start := time.Now()
	for i := 0; i < 4*realtime.DefaultMaxPending && env.app.SubscriptionsBroker().TotalClients() > 0; i++ {
		if err := apisSendToClient(env, clientId, realtime.Message{Name: "big", Data: payload}); err != nil {
			break // already unregistered
		}
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("sending to a stuck client took %s", took)
	}
	if !waitFor(20*time.Second, func() bool { return env.app.SubscriptionsBroker().TotalClients() == 0 }) {
		t.Fatal("a client that stopped reading was not dropped")
	}
}

// HTTP/2 connections cannot be hijacked: the stream is served inside the
// handler instead, with the same events.
func TestRealtimeOverHTTP2(t *testing.T) {
	env := newRealtimeStressEnv(t)
	server, err := apis.NewServer(env.app, apis.ServeConfig{})
	if err != nil {
		t.Fatal(err)
	}
	tlsSrv := httptest.NewUnstartedServer(server.Handler)
	tlsSrv.EnableHTTP2 = true
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	client := tlsSrv.Client()

	res, err := client.Get(tlsSrv.URL + "/api/realtime")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.ProtoMajor != 2 {
		t.Fatalf("expected HTTP/2, got %s", res.Proto)
	}
	stream := &sseConn{reader: bufio.NewReader(res.Body)}
	name, data, err := stream.next()
	if err != nil || name != "PB_CONNECT" {
		t.Fatalf("first event %q %s %v", name, data, err)
	}
	var connect struct{ ClientId string }
	_ = json.Unmarshal(data, &connect)

	raw, _ := json.Marshal(map[string]any{"clientId": connect.ClientId, "subscriptions": []string{"stress_posts/*"}})
	sub, err := client.Post(tlsSrv.URL+"/api/realtime", "application/json", strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	sub.Body.Close()
	if sub.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribe: %d", sub.StatusCode)
	}
	post := core.NewRecord(env.posts)
	post.Set("title", "over h2")
	if err := env.app.Save(post); err != nil {
		t.Fatal(err)
	}
	name, data, err = stream.next()
	if err != nil || name != "stress_posts/*" || !strings.Contains(string(data), `"title":"over h2"`) {
		t.Fatalf("event %q %s %v", name, data, err)
	}
}

// A new token secret on an auth collection (all its tokens revoked) and
// the deletion of an auth collection make guests of its clients.
func TestRealtimeAuthDroppedWithTheCollectionSecretOrCollection(t *testing.T) {
	env := newRealtimeStressEnv(t)
	subscribeAs := func(token string) realtime.Client {
		t.Helper()
		c, err := dialSSE(env.addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.conn.Close() })
		if status, err := env.subscribe(t.Context(), c.clientId, token, []string{"stress_posts/*"}); err != nil || status != http.StatusNoContent {
			t.Fatalf("subscribe: %d %v", status, err)
		}
		client, err := env.app.SubscriptionsBroker().ClientById(c.clientId)
		if err != nil {
			t.Fatal(err)
		}
		if client.Get(apis.RealtimeClientAuthKey) == nil {
			t.Fatal("the subscription did not attach the auth")
		}
		return client
	}

	users, err := env.app.FindCollectionByNameOrId(core.CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	client := subscribeAs(env.tokens[0])
	users.AuthToken.Secret = strings.Repeat("n", 50)
	if err := env.app.Save(users); err != nil {
		t.Fatal(err)
	}
	if client.Get(apis.RealtimeClientAuthKey) != nil {
		t.Fatal("the auth survived a new token secret")
	}
	if client.IsDiscarded() {
		t.Fatal("the client lost its connection, not just its auth")
	}

	// a second auth collection, deleted while a client is signed in with it
	members := core.NewAuthCollection("stress_members")
	if err := env.app.Save(members); err != nil {
		t.Fatal(err)
	}
	m := core.NewRecord(members)
	m.SetEmail("m@stress.test")
	m.SetPassword("1234567890")
	if err := env.app.Save(m); err != nil {
		t.Fatal(err)
	}
	tok, err := m.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	client = subscribeAs(tok)
	if err := env.app.Delete(members); err != nil {
		t.Fatal(err)
	}
	if client.Get(apis.RealtimeClientAuthKey) != nil {
		t.Fatal("the auth survived the deletion of its collection")
	}
}
