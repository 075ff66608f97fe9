package apis_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
)

// sseConn is a raw SSE client: one TCP connection read by the caller's
// goroutine, so 2,000 of them stay under the race detector's goroutine cap
// (http.Client would add two goroutines per connection).
type sseConn struct {
	conn     net.Conn
	reader   *bufio.Reader
	clientId string
}

func dialSSE(addr string) (*sseConn, error) {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, err
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/realtime", nil)
	if err := req.Write(conn); err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		conn.Close()
		return nil, fmt.Errorf("GET /api/realtime: %d", res.StatusCode)
	}
	c := &sseConn{conn: conn, reader: bufio.NewReader(res.Body)}
	name, data, err := c.next()
	if err != nil {
		conn.Close()
		return nil, err
	}
	var connect struct{ ClientId string }
	if name != "PB_CONNECT" || json.Unmarshal(data, &connect) != nil || len(connect.ClientId) != 40 {
		conn.Close()
		return nil, fmt.Errorf("first event %q %s", name, data)
	}
	c.clientId = connect.ClientId
	return c, nil
}

// next reads one event (skipping keep-alive comments).
func (c *sseConn) next() (string, []byte, error) {
	var name string
	var data []byte
	for {
		line, err := c.reader.ReadString('\n')
		if err != nil {
			return "", nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if name != "" || data != nil {
				return name, data, nil
			}
		case strings.HasPrefix(line, "event:"):
			name = line[len("event:"):]
		case strings.HasPrefix(line, "data:"):
			data = append(data, line[len("data:"):]...)
		}
	}
}

type realtimeStressEnv struct {
	app      *core.App
	srv      *httptest.Server
	http     *http.Client
	users    []*core.Record
	tokens   []string
	posts    *core.Collection
	owned    *core.Collection
	addr     string
	badOwner atomic.Int64
}

func (env *realtimeStressEnv) subscribe(ctx context.Context, clientId, token string, topics []string) (int, error) {
	raw, _ := json.Marshal(map[string]any{"clientId": clientId, "subscriptions": topics})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, env.srv.URL+"/api/realtime", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := env.http.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

// TestRealtimeStressConcurrentClients connects 2,000 clients that
// subscribe, resubscribe, unsubscribe and disconnect while records are
// created, updated and deleted; run it with -race. Every client must get
// the events it is entitled to (and only those), the broker must end
// empty, and no goroutine may outlive the clients.
func TestRealtimeStressConcurrentClients(t *testing.T) {
	const clients = 2000
	env := newRealtimeStressEnv(t)
	baseline := runtime.NumGoroutine()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// records keep changing for as long as clients come and go
	stopWriter := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() { writerDone <- env.writeRecords(stopWriter) }()

	var wg sync.WaitGroup
	var failures atomic.Int64
	var firstErr atomic.Value
	fail := func(err error) {
		failures.Add(1)
		firstErr.CompareAndSwap(nil, err)
	}
	gate := make(chan struct{}, 256) // bounds simultaneous dials, not connections
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			gate <- struct{}{}
			err := env.runClient(ctx, i, func() { <-gate })
			if err != nil {
				fail(fmt.Errorf("client %d: %w", i, err))
			}
		}()
	}
	wg.Wait()
	close(stopWriter)
	if err := <-writerDone; err != nil {
		t.Fatalf("writer: %v", err)
	}
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d of %d clients failed; first: %v", n, clients, firstErr.Load())
	}
	if n := env.badOwner.Load(); n > 0 {
		t.Fatalf("%d events of another owner's record were delivered", n)
	}

	deadline := time.Now().Add(20 * time.Second)
	for env.app.SubscriptionsBroker().TotalClients() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := env.app.SubscriptionsBroker().TotalClients(); n != 0 {
		t.Fatalf("%d clients still registered after every connection closed", n)
	}
	env.http.CloseIdleConnections()
	for runtime.NumGoroutine() > baseline+5 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline+5 {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("goroutines: %d before the clients, %d after\n%s", baseline, n, buf)
	}
}

func newRealtimeStressEnv(t *testing.T) *realtimeStressEnv {
	t.Helper()
	app := core.New(core.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	server, err := apis.NewServer(app, apis.ServeConfig{})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	srv := httptest.NewServer(server.Handler)
	env := &realtimeStressEnv{
		app: app, srv: srv, addr: strings.TrimPrefix(srv.URL, "http://"),
		// few connections for the POSTs: the SSE streams are the load
		http: &http.Client{Transport: &http.Transport{MaxConnsPerHost: 32, MaxIdleConnsPerHost: 32}, Timeout: 60 * time.Second},
	}
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		_ = app.Terminate(false)
	})

	users, err := app.FindCollectionByNameOrId(core.CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		r := core.NewRecord(users)
		r.SetEmail(fmt.Sprintf("u%d@stress.test", i))
		r.SetPassword("1234567890")
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		tok, err := r.NewAuthToken()
		if err != nil {
			t.Fatal(err)
		}
		env.users = append(env.users, r)
		env.tokens = append(env.tokens, tok)
	}

	public := ""
	env.posts = core.NewBaseCollection("stress_posts")
	env.posts.ListRule, env.posts.ViewRule = &public, &public
	env.posts.Fields.Add(&core.TextField{FieldBase: core.FieldBase{Name: "title"}})
	if err := app.Save(env.posts); err != nil {
		t.Fatal(err)
	}
	ownerRule := "owner = @request.auth.id"
	env.owned = core.NewBaseCollection("stress_owned")
	env.owned.ListRule, env.owned.ViewRule = &ownerRule, &ownerRule
	env.owned.Fields.Add(&core.TextField{FieldBase: core.FieldBase{Name: "title"}}, &core.RelationField{FieldBase: core.FieldBase{Name: "owner"}, CollectionId: users.Id, MaxSelect: 1})
	if err := app.Save(env.owned); err != nil {
		t.Fatal(err)
	}
	return env
}

// writeRecords creates, updates and deletes records until stop closes.
func (env *realtimeStressEnv) writeRecords(stop <-chan struct{}) error {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return nil
		case <-time.After(5 * time.Millisecond):
		}
		post := core.NewRecord(env.posts)
		post.Set("title", fmt.Sprintf("post %d", i))
		if err := env.app.Save(post); err != nil {
			return err
		}
		owned := core.NewRecord(env.owned)
		owned.Set("owner", env.users[i%len(env.users)].Id)
		if err := env.app.Save(owned); err != nil {
			return err
		}
		post.Set("title", fmt.Sprintf("post %d edited", i))
		if err := env.app.Save(post); err != nil {
			return err
		}
		if i%2 == 0 {
			if err := env.app.Delete(post); err != nil {
				return err
			}
			if err := env.app.Delete(owned); err != nil {
				return err
			}
		}
	}
}

// runClient is one client's life: connect, subscribe (as a guest or one
// of the users), receive, then one of: unsubscribe everything, switch
// topics, or just drop the connection.
func (env *realtimeStressEnv) runClient(ctx context.Context, i int, connected func()) error {
	c, err := dialSSE(env.addr)
	connected()
	if err != nil {
		return err
	}
	defer c.conn.Close()

	userIdx := -1
	token := ""
	if i%3 != 0 {
		userIdx = i % len(env.users)
		token = env.tokens[userIdx]
	}
	filterOpts := url.QueryEscape(`{"query":{"filter":"title ~ 'edited'"}}`)
	topics := []string{"stress_posts/*", "stress_owned/*", "stress_posts?options=" + filterOpts}
	if status, err := env.subscribe(ctx, c.clientId, token, topics); err != nil || status != http.StatusNoContent {
		return fmt.Errorf("subscribe: %d %v", status, err)
	}

	// read until a public post event arrived, checking every owned event
	for gotPost := false; !gotPost; {
		name, data, err := c.next()
		if err != nil {
			return fmt.Errorf("waiting for a post event: %w", err)
		}
		var msg struct {
			Action string         `json:"action"`
			Record map[string]any `json:"record"`
		}
		if err := json.Unmarshal(data, &msg); err != nil {
			return fmt.Errorf("event %s: %w", name, err)
		}
		switch {
		case name == "stress_posts/*":
			gotPost = true
		case name == "stress_owned/*":
			if userIdx < 0 || msg.Record["owner"] != env.users[userIdx].Id {
				env.badOwner.Add(1)
			}
		case strings.HasPrefix(name, "stress_posts?"):
			if title, _ := msg.Record["title"].(string); !strings.Contains(title, "edited") {
				return fmt.Errorf("the filter let %q through", title)
			}
		}
	}

	switch i % 4 {
	case 0: // unsubscribe everything, then leave
		if status, err := env.subscribe(ctx, c.clientId, token, nil); err != nil || status != http.StatusNoContent {
			return fmt.Errorf("unsubscribe: %d %v", status, err)
		}
	case 1: // switch topics and wait for an event of the new one
		if status, err := env.subscribe(ctx, c.clientId, token, []string{"stress_posts/*"}); err != nil || status != http.StatusNoContent {
			return fmt.Errorf("resubscribe: %d %v", status, err)
		}
		if _, _, err := c.next(); err != nil {
			return fmt.Errorf("after resubscribe: %w", err)
		}
	}
	return nil // the deferred Close disconnects
}
