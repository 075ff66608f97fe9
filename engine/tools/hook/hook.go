package hook

import (
	"crypto/rand"
	"encoding/hex"
	"sort"
	"sync"
)

// Handler is one bound hook handler.
type Handler[T Resolver] struct {
	// Func is the handler body; it must call e.Next() to continue the chain.
	Func func(T) error
	// Id identifies the handler for Unbind; generated when empty.
	Id string
	// Priority orders the handlers: lower runs first; equal keeps bind order.
	Priority int

	// tags are the filter of a handler bound through a TaggedHook (none:
	// it runs for every event); kept so HasHandlerFor can answer without
	// running it.
	tags []string
	// runsFor, when set (SetRunsFor), answers HasHandlerFor instead.
	runsFor func(tags []string) bool
}

// SetRunsFor tells HasHandlerFor which events h acts on, for a handler
// that decides at run time (e.g. a dispatcher to the JS handlers of the
// current hooks generation); it does not change what Trigger runs.
func SetRunsFor[T Resolver](h *Handler[T], runsFor func(tags []string) bool) *Handler[T] {
	h.runsFor = runsFor
	return h
}

// Hook is a list of handlers for one event type, safe for concurrent use.
type Hook[T Resolver] struct {
	mu       sync.RWMutex
	handlers []*Handler[T]
	// sorted caches the priority-ordered snapshot used by Trigger.
	sorted []*Handler[T]
}

// Bind adds a handler (replacing one with the same Id) and returns its id.
func (h *Hook[T]) Bind(handler *Handler[T]) string {
	h.mu.Lock()
	defer h.mu.Unlock()

	if handler.Id == "" {
		handler.Id = generateID()
	}
	for i, existing := range h.handlers {
		if existing.Id == handler.Id {
			h.handlers[i] = handler
			h.sorted = nil
			return handler.Id
		}
	}
	h.handlers = append(h.handlers, handler)
	h.sorted = nil
	return handler.Id
}

// BindFunc adds a handler function with default priority and a generated id.
func (h *Hook[T]) BindFunc(fn func(e T) error) string {
	return h.Bind(&Handler[T]{Func: fn})
}

// Unbind removes the handlers with the given ids.
func (h *Hook[T]) Unbind(ids ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()

	kept := h.handlers[:0:0]
	for _, handler := range h.handlers {
		remove := false
		for _, id := range ids {
			if handler.Id == id {
				remove = true
				break
			}
		}
		if !remove {
			kept = append(kept, handler)
		}
	}
	h.handlers = kept
	h.sorted = nil
}

// UnbindAll removes every handler.
func (h *Hook[T]) UnbindAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.handlers = nil
	h.sorted = nil
}

// Length returns the number of bound handlers.
func (h *Hook[T]) Length() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.handlers)
}

// HasHandlerFor reports whether a handler would run for an event with
// these tags: an untagged handler runs for every event, a tagged one only
// when it shares a tag. Callers use it to skip building events that no
// handler would see (e.g. the bulk write of log rows).
func (h *Hook[T]) HasHandlerFor(tags ...string) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, handler := range h.handlers {
		if handler.runsFor != nil {
			if handler.runsFor(tags) {
				return true
			}
			continue
		}
		if len(handler.tags) == 0 {
			return true
		}
		for _, want := range handler.tags {
			for _, have := range tags {
				if want == have {
					return true
				}
			}
		}
	}
	return false
}

func (h *Hook[T]) snapshot() []*Handler[T] {
	h.mu.RLock()
	sorted := h.sorted
	h.mu.RUnlock()
	if sorted != nil || h.Length() == 0 {
		return sorted
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sorted == nil {
		sorted = make([]*Handler[T], len(h.handlers))
		copy(sorted, h.handlers)
		sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Priority < sorted[j].Priority })
		h.sorted = sorted
	}
	return h.sorted
}

// Trigger runs the bound handlers in priority order, followed by the
// oneOffFuncs (typically the default action), each reached through e.Next().
func (h *Hook[T]) Trigger(event T, oneOffFuncs ...func(T) error) error {
	handlers := h.snapshot()
	total := len(handlers) + len(oneOffFuncs)
	if total == 0 {
		return nil
	}

	// Restore the previous continuation so that an event reused in a nested
	// Trigger (e.g. a model hook inside a request hook) keeps its outer chain.
	prev := event.nextFunc()
	defer event.setNextFunc(prev)

	i := -1
	var next func() error
	next = func() error {
		i++
		if i >= total {
			// The end of the chain continues into the outer chain, if any.
			event.setNextFunc(prev)
			if prev != nil {
				return prev()
			}
			return nil
		}
		if i < len(handlers) {
			return handlers[i].Func(event)
		}
		return oneOffFuncs[i-len(handlers)](event)
	}
	event.setNextFunc(next)
	return next()
}

func generateID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
