// Package hook provides the generic event hook used by every app event:
// handlers are chained by priority and each continues the chain with e.Next().
package hook

// Resolver is implemented by every event passed through a Hook.
// Embedding Event is the usual way to satisfy it.
type Resolver interface {
	// Next runs the rest of the handler chain.
	Next() error

	nextFunc() func() error
	setNextFunc(f func() error)
}

// Event is the embeddable base of all hook events.
type Event struct {
	next func() error
}

// Next runs the next handler of the chain (no-op at its end).
func (e *Event) Next() error {
	if e.next != nil {
		return e.next()
	}
	return nil
}

func (e *Event) nextFunc() func() error { return e.next }

func (e *Event) setNextFunc(f func() error) { e.next = f }

var _ Resolver = (*Event)(nil)
