package realtime

import (
	"errors"
	"fmt"
	"sync"
)

// ErrClientNotFound is returned by ClientById for an unknown client id.
var ErrClientNotFound = errors.New("realtime client not found")

// Broker tracks the connected clients. engine/core and engine/apis use
// only this interface (see the package doc for a multi-node broker).
type Broker interface {
	// Register adds a client (replacing one with the same id).
	Register(client Client)
	// Unregister discards and removes the client with the id, if any.
	Unregister(clientId string)
	// ClientById finds a registered client; ErrClientNotFound otherwise.
	ClientById(clientId string) (Client, error)
	// Clients returns a copy of the registered clients by id.
	Clients() map[string]Client
	// ChunkedClients returns the registered clients split in chunks of
	// at most chunkSize, for fan-outs that work on chunks in parallel.
	ChunkedClients(chunkSize int) [][]Client
	// TotalClients is the number of registered clients.
	TotalClients() int
}

// InProcessBroker is the Broker of a single node: a map guarded by a lock.
type InProcessBroker struct {
	mu      sync.RWMutex
	clients map[string]Client
}

var _ Broker = (*InProcessBroker)(nil)

// NewInProcessBroker returns an empty broker.
func NewInProcessBroker() *InProcessBroker {
	return &InProcessBroker{clients: map[string]Client{}}
}

// Register implements Broker.
func (b *InProcessBroker) Register(client Client) {
	b.mu.Lock()
	old := b.clients[client.Id()]
	b.clients[client.Id()] = client
	b.mu.Unlock()
	if old != nil && old != client {
		old.Discard()
	}
}

// Unregister implements Broker.
func (b *InProcessBroker) Unregister(clientId string) {
	b.mu.Lock()
	client := b.clients[clientId]
	delete(b.clients, clientId)
	b.mu.Unlock()
	if client != nil {
		client.Discard()
	}
}

// ClientById implements Broker.
func (b *InProcessBroker) ClientById(clientId string) (Client, error) {
	b.mu.RLock()
	client, ok := b.clients[clientId]
	b.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrClientNotFound, clientId)
	}
	return client, nil
}

// Clients implements Broker.
func (b *InProcessBroker) Clients() map[string]Client {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make(map[string]Client, len(b.clients))
	for id, c := range b.clients {
		out[id] = c
	}
	return out
}

// ChunkedClients implements Broker.
func (b *InProcessBroker) ChunkedClients(chunkSize int) [][]Client {
	if chunkSize <= 0 {
		chunkSize = 1
	}
	b.mu.RLock()
	all := make([]Client, 0, len(b.clients))
	for _, c := range b.clients {
		all = append(all, c)
	}
	b.mu.RUnlock()
	chunks := make([][]Client, 0, (len(all)+chunkSize-1)/chunkSize)
	for len(all) > 0 {
		n := min(chunkSize, len(all))
		chunks = append(chunks, all[:n:n])
		all = all[n:]
	}
	return chunks
}

// TotalClients implements Broker.
func (b *InProcessBroker) TotalClients() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.clients)
}
