package cron

import (
	"strings"
	"testing"
)

func TestAddReplaceRemoveAndOrder(t *testing.T) {
	c := New()
	ran := ""
	for _, id := range []string{"b", "__builtin", "a"} {
		id := id
		if err := c.Add(id, "*/5 * * * *", func() { ran += id }); err != nil {
			t.Fatalf("add %s: %v", id, err)
		}
	}
	// user jobs first by id, "__" jobs last
	var ids []string
	for _, j := range c.Jobs() {
		ids = append(ids, j.Id)
	}
	if got := strings.Join(ids, ","); got != "a,b,__builtin" {
		t.Fatalf("jobs %s, want a,b,__builtin", got)
	}

	// the same id replaces the job (one entry, the new expression and func)
	if err := c.Add("a", "@hourly", func() { ran += "A" }); err != nil {
		t.Fatal(err)
	}
	if n := len(c.Jobs()); n != 3 {
		t.Fatalf("%d jobs after replacing, want 3", n)
	}
	job := c.Job("a")
	if job == nil || job.Expression != "@hourly" {
		t.Fatalf("replaced job %+v", job)
	}
	job.Run()
	if ran != "A" {
		t.Fatalf("Run ran %q, want the replacement", ran)
	}
	if len(c.c.Entries()) != 3 {
		t.Fatalf("%d scheduler entries, want 3", len(c.c.Entries()))
	}

	c.Remove("a")
	if c.Job("a") != nil || len(c.Jobs()) != 2 || len(c.c.Entries()) != 2 {
		t.Fatal("Remove left the job behind")
	}
}

func TestAddRejectsBadInput(t *testing.T) {
	c := New()
	if err := c.Add("", "* * * * *", func() {}); err == nil {
		t.Error("an empty id was accepted")
	}
	for _, expr := range []string{"* * * *", "61 * * * *", "* * * * * *", "@never"} {
		if err := c.Add("x", expr, func() {}); err == nil {
			t.Errorf("expression %q was accepted", expr)
		}
	}
	if len(c.Jobs()) != 0 {
		t.Fatal("a rejected job was kept")
	}
}

func TestStartStopAreIdempotent(t *testing.T) {
	c := New()
	c.Start()
	c.Start()
	if !c.Running() {
		t.Fatal("not started")
	}
	c.Stop()
	c.Stop()
	if c.Running() {
		t.Fatal("not stopped")
	}
}
