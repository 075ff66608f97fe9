package cron

import (
	"errors"
	"strings"
	"testing"
	"time"
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

func TestRunsAreReportedWithOutcome(t *testing.T) {
	c := New()
	var runs []Run
	c.OnRun(func(r Run) { runs = append(runs, r) })
	if err := c.AddFunc("fails", "0 0 1 1 *", func() error { return errors.New("boom") }); err != nil {
		t.Fatal(err)
	}
	if err := c.Add("panics", "@daily", func() { panic("oops") }); err != nil {
		t.Fatal(err)
	}
	if err := c.Add("ok", "@hourly", func() {}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"fails", "panics", "ok"} {
		c.Job(id).Run()
	}
	if len(runs) != 3 || runs[0].Err == nil || runs[0].Err.Error() != "boom" ||
		runs[1].Err == nil || !strings.Contains(runs[1].Err.Error(), "oops") || runs[2].Err != nil {
		t.Fatalf("runs %+v", runs)
	}
	if runs[2].JobId != "ok" || runs[2].Started.IsZero() {
		t.Fatalf("run %+v", runs[2])
	}
	next := c.Job("fails").NextRun()
	if next.Month() != time.January || next.Day() != 1 || !next.After(time.Now()) {
		t.Fatalf("next run %v", next)
	}
}
