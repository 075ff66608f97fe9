// Package cron schedules jobs by id on standard 5-field expressions. It is
// the app's scheduler (App.Cron) but knows nothing of the app.
package cron

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	robfig "github.com/robfig/cron/v3"
)

// Cron is a job scheduler: jobs have a user-chosen id and a
// standard 5-field expression (or a macro such as @hourly).
type Cron struct {
	mu      sync.Mutex
	c       *robfig.Cron
	jobs    map[string]*Job
	started bool
}

// Job is one scheduled job.
type Job struct {
	Id         string `json:"id"`
	Expression string `json:"expression"`
	fn         func()
	entry      robfig.EntryID
}

// Run executes the job now (in the caller's goroutine).
func (j *Job) Run() { j.fn() }

// New returns a stopped scheduler.
func New() *Cron {
	return &Cron{c: robfig.New(robfig.WithParser(robfig.NewParser(
		robfig.Minute | robfig.Hour | robfig.Dom | robfig.Month | robfig.Dow | robfig.Descriptor))), jobs: map[string]*Job{}}
}

// Add registers (or replaces) a job.
func (c *Cron) Add(id, expr string, fn func()) error {
	if id == "" {
		return fmt.Errorf("cron: empty job id")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.jobs[id]; ok {
		c.c.Remove(old.entry)
		delete(c.jobs, id)
	}
	job := &Job{Id: id, Expression: expr, fn: fn}
	entry, err := c.c.AddFunc(expr, fn)
	if err != nil {
		return fmt.Errorf("cron: invalid expression %q: %w", expr, err)
	}
	job.entry = entry
	c.jobs[id] = job
	return nil
}

// Remove unregisters a job.
func (c *Cron) Remove(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if job, ok := c.jobs[id]; ok {
		c.c.Remove(job.entry)
		delete(c.jobs, id)
	}
}

// Jobs lists the jobs: user jobs first, built-in "__…" jobs last, by id.
func (c *Cron) Jobs() []*Job {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*Job, 0, len(c.jobs))
	for _, j := range c.jobs {
		out = append(out, j)
	}
	sort.Slice(out, func(i, k int) bool {
		si, sk := strings.HasPrefix(out[i].Id, "__"), strings.HasPrefix(out[k].Id, "__")
		if si != sk {
			return !si
		}
		return out[i].Id < out[k].Id
	})
	return out
}

// Job returns the job with id, or nil.
func (c *Cron) Job(id string) *Job {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.jobs[id]
}

// Start runs the scheduler in the background (idempotent).
func (c *Cron) Start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started {
		c.c.Start()
		c.started = true
	}
}

// Running reports whether the scheduler is started.
func (c *Cron) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.started
}

// Stop stops scheduling new runs.
func (c *Cron) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		c.c.Stop()
		c.started = false
	}
}

// StopAndWait stops the scheduler and waits (up to ctx) for the jobs that
// are running to return; it reports whether the scheduler was running and
// whether the running jobs finished.
func (c *Cron) StopAndWait(ctx context.Context) (wasRunning, drained bool) {
	c.mu.Lock()
	if !c.started {
		c.mu.Unlock()
		return false, true
	}
	done := c.c.Stop()
	c.started = false
	c.mu.Unlock()
	select {
	case <-done.Done():
		return true, true
	case <-ctx.Done():
		return true, false
	}
}
