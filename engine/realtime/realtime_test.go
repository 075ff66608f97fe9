package realtime

import (
	"bytes"
	"reflect"
	"sort"
	"sync"
	"testing"
)

func TestParseSubscriptionOptions(t *testing.T) {
	opts := ParseSubscription(`posts/*?options=%7B%22query%22%3A%7B%22expand%22%3A%22author%22%2C%22n%22%3A1%7D%2C%22headers%22%3A%7B%22X-Token%22%3A%22abc%22%7D%7D`)
	if opts.Query["expand"] != "author" || opts.Query["n"] != "1" {
		t.Fatalf("query = %#v", opts.Query)
	}
	if opts.Headers["x_token"] != "abc" {
		t.Fatalf("headers = %#v", opts.Headers)
	}
	for _, topic := range []string{"posts/*", "posts/*?options=not-json", "posts/*?options=%zz"} {
		opts := ParseSubscription(topic)
		if opts.Query == nil || opts.Headers == nil || len(opts.Query)+len(opts.Headers) != 0 {
			t.Fatalf("%s: %#v", topic, opts)
		}
	}
	if got := TopicName("posts/abc?options=x"); got != "posts/abc" {
		t.Fatalf("TopicName = %q", got)
	}
}

func TestClientSubscriptionsMatchTopicPrefixes(t *testing.T) {
	c := NewDefaultClient()
	c.Subscribe("posts/*", `posts/*?options={}`, "posts/abc", "postsx/*", "")
	keys := func(m map[string]SubscriptionOptions) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	if got := keys(c.Subscriptions("posts/*?")); !reflect.DeepEqual(got, []string{"posts/*", "posts/*?options={}"}) {
		t.Fatalf("posts/*? matched %v", got)
	}
	if got := keys(c.Subscriptions()); len(got) != 4 {
		t.Fatalf("all = %v (the empty topic must be ignored)", got)
	}
	c.Unsubscribe("posts/abc")
	if c.HasSubscription("posts/abc") || !c.HasSubscription("posts/*") {
		t.Fatal("Unsubscribe(topic) removed the wrong topics")
	}
	c.Unsubscribe()
	if len(c.Subscriptions()) != 0 {
		t.Fatal("Unsubscribe() kept topics")
	}
}

func TestClientQueueIsBoundedAndDropsSlowClients(t *testing.T) {
	c := NewClient("slow", 3)
	for i := 0; i < 3; i++ {
		c.Send(Message{Name: "m"})
	}
	if c.IsDiscarded() {
		t.Fatal("discarded before the queue was full")
	}
	select {
	case <-c.Ready():
	default:
		t.Fatal("Ready was not signalled")
	}
	if got := len(c.TakePending()); got != 3 {
		t.Fatalf("took %d messages", got)
	}
	for i := 0; i < 4; i++ {
		c.Send(Message{Name: "m"}) // never blocks
	}
	if !c.IsDiscarded() {
		t.Fatal("a client over its queue bound was not discarded")
	}
	select {
	case <-c.Done():
	default:
		t.Fatal("Done not closed")
	}
	c.Send(Message{Name: "late"})
	if len(c.TakePending()) != 0 {
		t.Fatal("a discarded client kept messages")
	}
	c.Discard() // twice is fine
}

func TestMessageWriteSSE(t *testing.T) {
	var buf bytes.Buffer
	if err := (Message{Name: "posts/*", Data: []byte(`{"a":1}`)}).WriteSSE(&buf, "cid"); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "id:cid\nevent:posts/*\ndata:{\"a\":1}\n\n" {
		t.Fatalf("got %q", buf.String())
	}
	got := string(Message{Name: "x\ny", Data: []byte("l1\r\nl2\nl3")}.AppendSSE(nil, "i"))
	if got != "id:i\nevent:xy\ndata:l1\ndata:l2\ndata:l3\n\n" {
		t.Fatalf("multi-line payload: %q", got)
	}
}

func TestInProcessBroker(t *testing.T) {
	b := NewInProcessBroker()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := NewDefaultClient()
			b.Register(c)
			if _, err := b.ClientById(c.Id()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if b.TotalClients() != 50 || len(b.Clients()) != 50 {
		t.Fatalf("total = %d", b.TotalClients())
	}
	chunks := b.ChunkedClients(20)
	if len(chunks) != 3 || len(chunks[2]) != 10 {
		t.Fatalf("chunks: %d", len(chunks))
	}
	c := chunks[0][0]
	b.Unregister(c.Id())
	if !c.IsDiscarded() {
		t.Fatal("Unregister did not discard")
	}
	if _, err := b.ClientById(c.Id()); err == nil {
		t.Fatal("unregistered client still found")
	}
	b.Unregister("unknown") // no-op
}
