package core

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrServicePaused is returned by RequestGate.Enter when the app stayed
// paused (a backup restore swapping the data dir) longer than the caller
// was willing to wait.
var ErrServicePaused = errors.New("the service is paused while a backup is restored")

// RequestGate lets a backup restore swap the databases under a running
// server: every request Enters it and releases it when done; Pause waits
// until no request is inside and holds new ones back until resume. The
// mutex also orders the swap's writes of the database handles before any
// later request's reads.
type RequestGate struct {
	mu      sync.Mutex
	active  int
	paused  bool
	resumed chan struct{} // closed on resume; replaced by each Pause
	drained chan struct{} // closed when the last request leaves a pause
	keep    int           // requests a pause lets stay (its own caller's)
}

type gateEntryKey struct{}

// WithGateEntry marks ctx as belonging to a request inside gate, so that a
// restore started from that very request (e.g. a JS route calling
// $app.restoreBackup(e.request.context(), name)) does not wait for itself.
func WithGateEntry(ctx context.Context, gate *RequestGate) context.Context {
	return context.WithValue(ctx, gateEntryKey{}, gate)
}

var requestGates sync.Map // *appShared -> *RequestGate

// RequestGate returns the app's gate (shared by its transaction copies).
func (app *App) RequestGate() *RequestGate {
	if g, ok := requestGates.Load(app.appShared); ok {
		return g.(*RequestGate)
	}
	g, _ := requestGates.LoadOrStore(app.appShared, &RequestGate{})
	return g.(*RequestGate)
}

// Enter waits while the gate is paused and registers one request; call
// the returned release exactly once when the request is done.
func (g *RequestGate) Enter(ctx context.Context) (release func(), err error) {
	for {
		g.mu.Lock()
		if !g.paused {
			g.active++
			g.mu.Unlock()
			var once sync.Once
			return func() { once.Do(g.leave) }, nil
		}
		wait := g.resumed
		g.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ErrServicePaused
		}
	}
}

func (g *RequestGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active--
	if g.paused && g.active <= g.keep && g.drained != nil {
		close(g.drained)
		g.drained = nil
	}
}

// Paused reports whether a pause is in effect (or waiting to drain).
func (g *RequestGate) Paused() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.paused
}

// Pause stops new requests from entering and waits for the ones inside to
// leave. On success the caller has the app to itself until it calls
// resume; when ctx ends first, the pause is undone and an error returned.
func (g *RequestGate) Pause(ctx context.Context) (resume func(), err error) {
	g.mu.Lock()
	if g.paused {
		g.mu.Unlock()
		return nil, errors.New("the request gate is already paused")
	}
	g.paused = true
	g.resumed = make(chan struct{})
	g.keep = 0
	if owner, _ := ctx.Value(gateEntryKey{}).(*RequestGate); owner == g && g.active > 0 {
		g.keep = 1
	}
	var drained chan struct{}
	if g.active > g.keep {
		g.drained = make(chan struct{})
		drained = g.drained
	}
	inside := g.active - g.keep
	g.mu.Unlock()

	var once sync.Once
	resume = func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.paused = false
			g.drained = nil
			close(g.resumed)
		})
	}
	if drained == nil {
		return resume, nil
	}
	select {
	case <-drained:
		return resume, nil
	case <-ctx.Done():
		resume()
		return nil, fmt.Errorf("waiting for %d in-flight requests to finish: %w", inside, ctx.Err())
	}
}
