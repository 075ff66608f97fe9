package core

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
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

var requestGates sync.Map // *appShared -> *RequestGate

// RequestGate returns the app's gate (shared by its transaction copies).
func (app *App) RequestGate() *RequestGate {
	if g, ok := requestGates.Load(app.appShared); ok {
		return g.(*RequestGate)
	}
	g, _ := requestGates.LoadOrStore(app.appShared, &RequestGate{})
	return g.(*RequestGate)
}

type gateEntryKey struct{}

// gateEntry is one request inside a gate, until it leaves.
type gateEntry struct {
	gate   *RequestGate
	inside bool // guarded by gate.mu
}

// Enter waits while the gate is paused (until waitCtx ends, then
// ErrServicePaused), registers one request and returns ctx marked with it:
// a restore started with that context (e.g. a JS route calling
// $app.restoreBackup(e.request.context(), name)) does not wait for the
// request that started it. Call release exactly once when done.
func (g *RequestGate) Enter(waitCtx, ctx context.Context) (marked context.Context, release func(), err error) {
	entry := &gateEntry{}
	if err := g.enter(waitCtx, entry); err != nil {
		return ctx, nil, err
	}
	var once sync.Once
	release = func() { once.Do(func() { g.leave(entry) }) }
	return context.WithValue(ctx, gateEntryKey{}, entry), release, nil
}

// EnterTrace is Enter for an HTTP request whose context carries t (see
// ContextWithRequestTrace): the request is marked through t, and while
// the gate is open nothing is allocated or waited for (the outermost
// handler calls it for every request). While paused it waits up to wait,
// or until ctx ends. Call LeaveTrace exactly once after a nil error.
func (g *RequestGate) EnterTrace(ctx context.Context, t *RequestTrace, wait time.Duration) error {
	g.mu.Lock()
	if !g.paused {
		g.active++
		t.gate = gateEntry{gate: g, inside: true}
		g.mu.Unlock()
		return nil
	}
	g.mu.Unlock()
	waitCtx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	return g.enter(waitCtx, &t.gate)
}

// LeaveTrace releases the request that EnterTrace let in.
func (g *RequestGate) LeaveTrace(t *RequestTrace) { g.leave(&t.gate) }

// enter waits while the gate is paused, then registers entry.
func (g *RequestGate) enter(waitCtx context.Context, entry *gateEntry) error {
	for {
		g.mu.Lock()
		if !g.paused {
			g.active++
			entry.gate, entry.inside = g, true
			g.mu.Unlock()
			return nil
		}
		wait := g.resumed
		g.mu.Unlock()
		select {
		case <-wait:
		case <-waitCtx.Done():
			return ErrServicePaused
		}
	}
}

func (g *RequestGate) leave(entry *gateEntry) {
	g.mu.Lock()
	defer g.mu.Unlock()
	entry.inside = false
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
// leave (but the request ctx was marked by, when it is still inside). On
// success the caller has the app to itself until it calls resume; when
// ctx ends first, the pause is undone and an error returned.
func (g *RequestGate) Pause(ctx context.Context) (resume func(), err error) {
	g.mu.Lock()
	if g.paused {
		g.mu.Unlock()
		return nil, errors.New("the request gate is already paused")
	}
	g.paused = true
	g.resumed = make(chan struct{})
	g.keep = 0
	entry, _ := ctx.Value(gateEntryKey{}).(*gateEntry)
	if entry == nil {
		if t := RequestTraceFromContext(ctx); t != nil {
			entry = &t.gate
		}
	}
	if entry != nil && entry.gate == g && entry.inside {
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
			g.keep = 0
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
