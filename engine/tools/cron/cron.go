// Package cron schedules jobs by id on standard 5-field expressions. It is
// the app's scheduler (App.Cron) but knows nothing of the app.
package cron

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	robfig "github.com/robfig/cron/v3"
)

// Cron is a job scheduler: jobs have a user-chosen id and a
// standard 5-field expression (or a macro such as @hourly).
type Cron struct {
	mu      sync.Mutex
	c       *robfig.Cron
	jobs    map[string]*Job
	started bool
	parser  robfig.Parser
	onRun   func(Run)
}

// Run is one finished run of a job, scheduled or started by hand.
type Run struct {
	JobId    string
	Started  time.Time
	Duration time.Duration
	Err      error // nil on success; a panic is reported here too
}

// Job is one scheduled job.
type Job struct {
	Id         string `json:"id"`
	Expression string `json:"expression"`
	fn         func() error
	entry      robfig.EntryID
	schedule   robfig.Schedule
	owner      *Cron
}

// Run executes the job now (in the caller's goroutine); the run is
// reported to the OnRun observer like a scheduled one.
func (j *Job) Run() { j.owner.runJob(j.Id, j.fn) }

// NextRun is when the scheduler will next start the job (computed from
// now when the scheduler is stopped).
func (j *Job) NextRun() time.Time {
	j.owner.mu.Lock()
	started := j.owner.started
	j.owner.mu.Unlock()
	if started {
		if next := j.owner.c.Entry(j.entry).Next; !next.IsZero() {
			return next
		}
	}
	return j.schedule.Next(time.Now())
}

// New returns a stopped scheduler.
func New() *Cron {
	parser := robfig.NewParser(robfig.Minute | robfig.Hour | robfig.Dom | robfig.Month | robfig.Dow | robfig.Descriptor)
	return &Cron{c: robfig.New(robfig.WithParser(parser)), parser: parser, jobs: map[string]*Job{}}
}

// OnRun sets the observer told about every finished run (run history).
// It is called in the job's goroutine, after the job returned.
func (c *Cron) OnRun(fn func(Run)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onRun = fn
}

// runJob runs fn, turning a panic into the run's error so that one bad
// job neither kills the process nor goes unrecorded.
func (c *Cron) runJob(id string, fn func() error) {
	start := time.Now()
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("cron job %q panicked: %v", id, r)
			}
		}()
		err = fn()
	}()
	c.mu.Lock()
	observer := c.onRun
	c.mu.Unlock()
	if observer != nil {
		observer(Run{JobId: id, Started: start, Duration: time.Since(start), Err: err})
	}
}

// Add registers (or replaces) a job.
func (c *Cron) Add(id, expr string, fn func()) error {
	return c.AddFunc(id, expr, func() error { fn(); return nil })
}

// AddFunc is Add for a job that reports failure: its error is recorded
// as the run's outcome.
func (c *Cron) AddFunc(id, expr string, fn func() error) error {
	if id == "" {
		return fmt.Errorf("cron: empty job id")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.jobs[id]; ok {
		c.c.Remove(old.entry)
		delete(c.jobs, id)
	}
	sched, err := c.parser.Parse(expr)
	if err != nil {
		return fmt.Errorf("cron: invalid expression %q: %w", expr, err)
	}
	job := &Job{Id: id, Expression: expr, fn: fn, schedule: sched, owner: c}
	entry := c.c.Schedule(sched, robfig.FuncJob(func() { c.runJob(id, fn) }))
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
