package core

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRequestGatePauseWaitsForRequestsAndHoldsNewOnes(t *testing.T) {
	g := &RequestGate{}
	bg := context.Background()
	_, release, err := g.Enter(bg, bg)
	if err != nil {
		t.Fatal(err)
	}
	paused := make(chan func())
	go func() {
		resume, err := g.Pause(bg)
		if err != nil {
			t.Error(err)
		}
		paused <- resume
	}()
	select {
	case <-paused:
		t.Fatal("Pause returned while a request was inside")
	case <-time.After(50 * time.Millisecond):
	}
	release()
	resume := <-paused

	// a request arriving now waits; one that cannot wait gets ErrServicePaused
	short, cancel := context.WithTimeout(bg, 20*time.Millisecond)
	defer cancel()
	if _, _, err := g.Enter(short, bg); !errors.Is(err, ErrServicePaused) {
		t.Fatalf("Enter during the pause: %v", err)
	}
	entered := make(chan struct{})
	go func() {
		_, rel, err := g.Enter(bg, bg)
		if err == nil {
			rel()
		}
		close(entered)
	}()
	select {
	case <-entered:
		t.Fatal("a request entered during the pause")
	case <-time.After(50 * time.Millisecond):
	}
	resume()
	<-entered
	if g.Paused() {
		t.Fatal("still paused")
	}
}

func TestRequestGatePauseFromInsideARequestDoesNotWaitForItself(t *testing.T) {
	g := &RequestGate{}
	bg := context.Background()
	marked, release, _ := g.Enter(bg, bg)
	ctx, cancel := context.WithTimeout(marked, time.Second)
	defer cancel()
	resume, err := g.Pause(ctx)
	if err != nil {
		t.Fatalf("Pause with its own request's context: %v", err)
	}
	resume()
	release()

	// a context whose request has left is no pass for other requests
	_, other, _ := g.Enter(bg, bg)
	defer other()
	short, cancel2 := context.WithTimeout(marked, 30*time.Millisecond)
	defer cancel2()
	if _, err := g.Pause(short); err == nil {
		t.Fatal("Pause did not wait for another request")
	}
	if g.Paused() {
		t.Fatal("a failed Pause left the gate paused")
	}
}

// EnterTrace marks the request through its trace: a pause started with
// the request's context does not wait for it, one from elsewhere does, and
// a request arriving during a pause waits for the resume (or gives up).
func TestRequestGateEnterTrace(t *testing.T) {
	g := &RequestGate{}
	bg := context.Background()
	trace := &RequestTrace{Id: "r1"}
	ctx := ContextWithRequestTrace(bg, trace)
	if err := g.EnterTrace(ctx, trace, time.Second); err != nil {
		t.Fatal(err)
	}
	pauseCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	resume, err := g.Pause(pauseCtx)
	if err != nil {
		t.Fatalf("Pause with the request's own context: %v", err)
	}

	late := &RequestTrace{Id: "r2"}
	if err := g.EnterTrace(bg, late, 30*time.Millisecond); !errors.Is(err, ErrServicePaused) {
		t.Fatalf("entering a paused gate: %v", err)
	}
	entered := make(chan error, 1)
	go func() { entered <- g.EnterTrace(bg, late, 5*time.Second) }()
	time.Sleep(20 * time.Millisecond)
	resume()
	if err := <-entered; err != nil {
		t.Fatalf("entering after the resume: %v", err)
	}
	g.LeaveTrace(trace)

	// the late request is still inside: a pause must wait for it
	short, cancel2 := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel2()
	if _, err := g.Pause(short); err == nil {
		t.Fatal("Pause did not wait for the request inside")
	}
	g.LeaveTrace(late)
	resume, err = g.Pause(bg)
	if err != nil {
		t.Fatalf("Pause with nobody inside: %v", err)
	}
	resume()
}
