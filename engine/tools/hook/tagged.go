package hook

// Tagger is an event that carries tags (for records and collections: the
// collection's id and name), used by TaggedHook to filter handlers.
type Tagger interface {
	Resolver
	Tags() []string
}

// TaggedHook is a view on a Hook whose handlers run only for events that
// carry one of its tags (or for every event when it has no tags).
type TaggedHook[T Tagger] struct {
	main *Hook[T]
	tags []string
}

// NewTaggedHook returns a view on main filtered by tags.
func NewTaggedHook[T Tagger](main *Hook[T], tags ...string) *TaggedHook[T] {
	return &TaggedHook[T]{main: main, tags: tags}
}

// CanTriggerOn reports whether an event with the given tags passes the filter.
func (h *TaggedHook[T]) CanTriggerOn(tags []string) bool {
	if len(h.tags) == 0 {
		return true
	}
	for _, want := range h.tags {
		for _, have := range tags {
			if want == have {
				return true
			}
		}
	}
	return false
}

// Bind adds a handler that runs only for matching events; others pass through.
func (h *TaggedHook[T]) Bind(handler *Handler[T]) string {
	fn := handler.Func
	wrapped := *handler
	wrapped.tags = h.tags
	if inner := handler.runsFor; inner != nil && len(h.tags) > 0 {
		wrapped.runsFor = func(tags []string) bool { return h.CanTriggerOn(tags) && inner(tags) }
	}
	wrapped.Func = func(e T) error {
		if h.CanTriggerOn(e.Tags()) {
			return fn(e)
		}
		return e.Next()
	}
	id := h.main.Bind(&wrapped)
	handler.Id = id
	return id
}

// BindFunc is Bind with default priority and a generated id.
func (h *TaggedHook[T]) BindFunc(fn func(e T) error) string {
	return h.Bind(&Handler[T]{Func: fn})
}

// Unbind removes handlers by id from the underlying hook.
func (h *TaggedHook[T]) Unbind(ids ...string) { h.main.Unbind(ids...) }

// HasHandlerFor reports whether a handler of the underlying hook would
// run for an event with these tags (see Hook.HasHandlerFor).
func (h *TaggedHook[T]) HasHandlerFor(tags ...string) bool { return h.main.HasHandlerFor(tags...) }

// Length is the number of handlers of the underlying hook.
func (h *TaggedHook[T]) Length() int { return h.main.Length() }

// Trigger runs the underlying hook; tag filtering happens in each bound
// handler, so every handler sees the event in priority order.
func (h *TaggedHook[T]) Trigger(event T, oneOffFuncs ...func(T) error) error {
	return h.main.Trigger(event, oneOffFuncs...)
}
