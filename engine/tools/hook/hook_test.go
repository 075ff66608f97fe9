package hook

import (
	"errors"
	"reflect"
	"testing"
)

type testEvent struct {
	Event
	tags  []string
	trail []string
}

func (e *testEvent) Tags() []string { return e.tags }

func record(name string) func(e *testEvent) error {
	return func(e *testEvent) error {
		e.trail = append(e.trail, name)
		return e.Next()
	}
}

func TestTriggerOrderFollowsPriorityThenBindOrder(t *testing.T) {
	h := &Hook[*testEvent]{}
	h.Bind(&Handler[*testEvent]{Func: record("b0"), Priority: 0})
	h.Bind(&Handler[*testEvent]{Func: record("c5"), Priority: 5})
	h.Bind(&Handler[*testEvent]{Func: record("a-1"), Priority: -1})
	h.Bind(&Handler[*testEvent]{Func: record("d0"), Priority: 0})

	e := &testEvent{}
	if err := h.Trigger(e, record("default")); err != nil {
		t.Fatal(err)
	}
	want := []string{"a-1", "b0", "d0", "c5", "default"}
	if !reflect.DeepEqual(e.trail, want) {
		t.Fatalf("order %v, want %v", e.trail, want)
	}
}

func TestHandlerThatSkipsNextStopsTheChain(t *testing.T) {
	h := &Hook[*testEvent]{}
	h.BindFunc(func(e *testEvent) error { e.trail = append(e.trail, "stop"); return nil })
	h.BindFunc(record("never"))
	e := &testEvent{}
	_ = h.Trigger(e, record("default"))
	if !reflect.DeepEqual(e.trail, []string{"stop"}) {
		t.Fatalf("got %v", e.trail)
	}
}

func TestErrorAbortsAndPropagates(t *testing.T) {
	h := &Hook[*testEvent]{}
	boom := errors.New("boom")
	h.BindFunc(func(e *testEvent) error { return boom })
	e := &testEvent{}
	if err := h.Trigger(e, record("default")); !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	if len(e.trail) != 0 {
		t.Fatalf("default ran: %v", e.trail)
	}
}

func TestCodeAfterNextRunsAfterTheRestOfTheChain(t *testing.T) {
	h := &Hook[*testEvent]{}
	h.BindFunc(func(e *testEvent) error {
		e.trail = append(e.trail, "before")
		err := e.Next()
		e.trail = append(e.trail, "after")
		return err
	})
	e := &testEvent{}
	_ = h.Trigger(e, record("default"))
	if want := []string{"before", "default", "after"}; !reflect.DeepEqual(e.trail, want) {
		t.Fatalf("got %v want %v", e.trail, want)
	}
}

func TestBindSameIdReplacesAndUnbindRemoves(t *testing.T) {
	h := &Hook[*testEvent]{}
	h.Bind(&Handler[*testEvent]{Id: "x", Func: record("first")})
	h.Bind(&Handler[*testEvent]{Id: "x", Func: record("second")})
	id := h.BindFunc(record("other"))
	if h.Length() != 2 {
		t.Fatalf("length %d", h.Length())
	}
	e := &testEvent{}
	_ = h.Trigger(e)
	if want := []string{"second", "other"}; !reflect.DeepEqual(e.trail, want) {
		t.Fatalf("got %v", e.trail)
	}
	h.Unbind(id, "x")
	if h.Length() != 0 {
		t.Fatalf("length after unbind %d", h.Length())
	}
	h.BindFunc(record("y"))
	h.UnbindAll()
	if h.Length() != 0 {
		t.Fatal("UnbindAll left handlers")
	}
}

func TestNestedTriggerWithTheSameEventKeepsTheOuterChain(t *testing.T) {
	outer := &Hook[*testEvent]{}
	inner := &Hook[*testEvent]{}
	inner.BindFunc(record("inner"))
	outer.BindFunc(func(e *testEvent) error {
		if err := inner.Trigger(e, record("innerDefault")); err != nil {
			return err
		}
		return e.Next()
	})
	e := &testEvent{}
	_ = outer.Trigger(e, record("outerDefault"))
	if want := []string{"inner", "innerDefault", "outerDefault"}; !reflect.DeepEqual(e.trail, want) {
		t.Fatalf("got %v want %v", e.trail, want)
	}
}

func TestTaggedHandlersRunOnlyForMatchingTags(t *testing.T) {
	main := &Hook[*testEvent]{}
	NewTaggedHook(main, "posts").BindFunc(record("posts"))
	NewTaggedHook(main, "users", "admins").BindFunc(record("users"))
	NewTaggedHook(main).BindFunc(record("all"))

	for _, tc := range []struct {
		tags []string
		want []string
	}{
		{[]string{"posts"}, []string{"posts", "all", "default"}},
		{[]string{"pbc_1", "admins"}, []string{"users", "all", "default"}},
		{nil, []string{"all", "default"}},
	} {
		e := &testEvent{tags: tc.tags}
		if err := NewTaggedHook(main).Trigger(e, record("default")); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(e.trail, tc.want) {
			t.Errorf("tags %v: got %v want %v", tc.tags, e.trail, tc.want)
		}
	}
}

func TestHasHandlerForFollowsTheTagFilters(t *testing.T) {
	main := &Hook[*testEvent]{}
	if main.HasHandlerFor("_logs") {
		t.Fatal("an empty hook has no handler")
	}
	NewTaggedHook(main, "posts").BindFunc(record("posts"))
	if main.HasHandlerFor("_logs") || !main.HasHandlerFor("posts") {
		t.Fatal("a tagged handler runs only for its tags")
	}
	id := NewTaggedHook(main).BindFunc(record("all"))
	if !main.HasHandlerFor("_logs") {
		t.Fatal("an untagged handler runs for every event")
	}
	main.Unbind(id)
	main.BindFunc(record("plain"))
	if !NewTaggedHook(main, "x").HasHandlerFor("_logs") {
		t.Fatal("a handler bound on the hook itself runs for every event")
	}
}

func TestSetRunsForAnswersHasHandlerFor(t *testing.T) {
	main := &Hook[*testEvent]{}
	wanted := false
	main.Bind(SetRunsFor(&Handler[*testEvent]{Func: record("dispatch")}, func(tags []string) bool {
		return wanted && len(tags) > 0 && tags[0] == "_logs"
	}))
	if main.HasHandlerFor("_logs") {
		t.Fatal("the dispatcher has nothing to run yet")
	}
	wanted = true
	if !main.HasHandlerFor("_logs") || main.HasHandlerFor("posts") {
		t.Fatal("the dispatcher's answer decides")
	}
	// it still runs for every event
	e := &testEvent{tags: []string{"posts"}}
	if err := main.Trigger(e); err != nil || !reflect.DeepEqual(e.trail, []string{"dispatch"}) {
		t.Fatalf("trail %v %v", e.trail, err)
	}
}
