package realtime

import (
	"strings"
	"sync"

	"github.com/hookbase/hookbase/engine/tools/security"
)

// DefaultMaxPending bounds the messages queued for one client; a client
// that falls this far behind is discarded instead of slowing the sender.
const DefaultMaxPending = 512

// Client is one subscriber (usually an SSE connection).
//
// Send never blocks: messages wait in a bounded queue that the
// connection drains (Ready signals there is something to take).
type Client interface {
	// Id is the client's random id, the PB_CONNECT clientId.
	Id() string

	// Subscriptions returns a copy of the client's topics (with their
	// options) that start with one of prefixes, all of them when none is
	// given (nil when prefixes match nothing). A topic is matched as
	// `topic?`, so the prefix "posts/*?" selects "posts/*" with or without
	// options, as in PocketBase.
	Subscriptions(prefixes ...string) map[string]SubscriptionOptions
	// Subscribe adds topics; each may carry `?options=` (see
	// ParseSubscription). Empty topics are ignored.
	Subscribe(topics ...string)
	// Unsubscribe removes the given topics, or all of them when none is given.
	Unsubscribe(topics ...string)
	// HasSubscription reports whether the client is subscribed to topic
	// (compared as given, options included).
	HasSubscription(topic string) bool

	// Get, Set and Unset manage values stored with the client (its auth,
	// its IP, …).
	Get(key string) any
	Set(key string, value any)
	Unset(key string)

	// Send queues m; a client whose queue is full is discarded.
	Send(m Message)
	// Ready receives a value when messages are waiting in the queue.
	Ready() <-chan struct{}
	// TakePending returns the queued messages in order and empties the queue.
	TakePending() []Message
	// Done is closed when the client is discarded.
	Done() <-chan struct{}
	// Discard marks the client as gone (its connection ends); it is safe
	// to call more than once.
	Discard()
	// IsDiscarded reports whether Discard was called.
	IsDiscarded() bool
}

// DefaultClient is the in-memory Client used by the SSE connections.
type DefaultClient struct {
	id         string
	maxPending int

	mu            sync.RWMutex
	store         map[string]any
	subscriptions map[string]SubscriptionOptions

	queueMu sync.Mutex
	queue   []Message
	ready   chan struct{}

	discardOnce sync.Once
	done        chan struct{}
	onDrop      func()
	wake        func()
	direct      func(Message) bool
}

var _ Client = (*DefaultClient)(nil)

// NewDefaultClient returns a client with a random 40 character id and a
// queue of DefaultMaxPending messages.
func NewDefaultClient() *DefaultClient {
	return NewClient(security.RandomString(40), DefaultMaxPending)
}

// NewClient returns a client with the given id and queue bound.
func NewClient(id string, maxPending int) *DefaultClient {
	if maxPending <= 0 {
		maxPending = DefaultMaxPending
	}
	return &DefaultClient{
		id:         id,
		maxPending: maxPending,
		ready:      make(chan struct{}, 1),
		done:       make(chan struct{}),
	}
}

// Id implements Client.
func (c *DefaultClient) Id() string { return c.id }

// Subscriptions implements Client.
func (c *DefaultClient) Subscriptions(prefixes ...string) map[string]SubscriptionOptions {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if len(prefixes) == 0 {
		out := make(map[string]SubscriptionOptions, len(c.subscriptions))
		for topic, opts := range c.subscriptions {
			out[topic] = opts
		}
		return out
	}
	// a broadcast asks every client: allocate only for a match
	var out map[string]SubscriptionOptions
	for topic, opts := range c.subscriptions {
		if matchesPrefix(topic, prefixes) {
			if out == nil {
				out = map[string]SubscriptionOptions{}
			}
			out[topic] = opts
		}
	}
	return out
}

func matchesPrefix(topic string, prefixes []string) bool {
	for _, p := range prefixes {
		// the "?" lets "posts/*?" match the bare topic as well as the
		// topic with options, but not "posts/*abc"
		if strings.HasPrefix(topic, p) ||
			(len(p) == len(topic)+1 && p[len(topic)] == '?' && strings.HasPrefix(p, topic)) {
			return true
		}
	}
	return false
}

// Subscribe implements Client.
func (c *DefaultClient) Subscribe(topics ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range topics {
		if t == "" {
			continue
		}
		if c.subscriptions == nil {
			c.subscriptions = map[string]SubscriptionOptions{}
		}
		c.subscriptions[t] = ParseSubscription(t)
	}
}

// Unsubscribe implements Client.
func (c *DefaultClient) Unsubscribe(topics ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(topics) == 0 {
		c.subscriptions = nil
		return
	}
	for _, t := range topics {
		delete(c.subscriptions, t)
	}
}

// HasSubscription implements Client.
func (c *DefaultClient) HasSubscription(topic string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.subscriptions[topic]
	return ok
}

// Get implements Client.
func (c *DefaultClient) Get(key string) any {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.store[key]
}

// Set implements Client.
func (c *DefaultClient) Set(key string, value any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.store == nil {
		c.store = map[string]any{}
	}
	c.store[key] = value
}

// Unset implements Client.
func (c *DefaultClient) Unset(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.store, key)
}

// Send implements Client. The queue grows only while the connection is
// behind, so idle clients cost no buffer memory.
func (c *DefaultClient) Send(m Message) {
	if c.IsDiscarded() {
		return
	}
	c.queueMu.Lock()
	if direct := c.direct; direct != nil && len(c.queue) == 0 {
		// nothing waits before m: let the connection try to take it now,
		// from this goroutine, without waking its own
		c.queueMu.Unlock()
		if direct(m) {
			return
		}
		c.queueMu.Lock()
	}
	if len(c.queue) >= c.maxPending {
		onDrop := c.onDrop
		c.queueMu.Unlock()
		c.Discard()
		if onDrop != nil {
			onDrop()
		}
		return
	}
	c.queue = append(c.queue, m)
	wake := c.wake
	c.queueMu.Unlock()
	if wake != nil {
		wake()
	}
	select {
	case c.ready <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// OnDrop sets fn to run when the client is discarded for falling behind,
// e.g. to close its connection at once: its writer may be blocked on a
// peer that stopped reading and would not notice Done until it unblocks.
func (c *DefaultClient) OnDrop(fn func()) {
	c.queueMu.Lock()
	c.onDrop = fn
	c.queueMu.Unlock()
}

// SetWake sets fn to run whenever a message is queued and on Discard, for
// a connection that waits on something other than Ready (see engine/apis:
// a stream parked in a socket read is woken by moving its read deadline).
func (c *DefaultClient) SetWake(fn func()) {
	c.queueMu.Lock()
	c.wake = fn
	c.queueMu.Unlock()
}

// SetDirect sets fn to try first for a message sent while the queue is
// empty. fn must not block: it returns false when it cannot take the
// message right now (the message is then queued as usual) and true once
// the message is its responsibility. A connection uses it to write to an
// idle socket straight from the broadcasting goroutine.
func (c *DefaultClient) SetDirect(fn func(Message) bool) {
	c.queueMu.Lock()
	c.direct = fn
	c.queueMu.Unlock()
}

// Ready implements Client.
func (c *DefaultClient) Ready() <-chan struct{} { return c.ready }

// TakePending implements Client.
func (c *DefaultClient) TakePending() []Message {
	c.queueMu.Lock()
	defer c.queueMu.Unlock()
	out := c.queue
	c.queue = nil
	return out
}

// Done implements Client.
func (c *DefaultClient) Done() <-chan struct{} { return c.done }

// Discard implements Client.
func (c *DefaultClient) Discard() {
	c.discardOnce.Do(func() {
		close(c.done)
		c.queueMu.Lock()
		c.queue = nil
		wake := c.wake
		c.queueMu.Unlock()
		if wake != nil {
			wake()
		}
	})
}

// IsDiscarded implements Client.
func (c *DefaultClient) IsDiscarded() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}
