package main

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// idleRSS connects n clients that only receive PB_CONNECT, and reports the
// server's RSS once they are all in.
func (b *bench) idleRSS(ctx context.Context, n int) error {
	start := time.Now()
	conns, err := dialMany(ctx, b.addr, n, 200)
	if err != nil {
		return err
	}
	took := time.Since(start)
	// let the server settle (its GC, the connections' buffers)
	time.Sleep(3 * time.Second)
	fmt.Printf("(a) %d idle SSE clients (connected in %s): server RSS %s\n", n, took.Round(time.Millisecond), b.rss())
	if b.cfg.hold > 0 {
		time.Sleep(b.cfg.hold)
		fmt.Printf("    after %s more: server RSS %s\n", b.cfg.hold, b.rss())
	}
	for _, c := range conns {
		c.conn.Close()
	}
	time.Sleep(2 * time.Second)
	return nil
}

// subscribers are the S clients of COLLECTION/*, each read by its own
// goroutine that records when each bench event arrived.
type subscribers struct {
	conns []*sseConn
	wg    sync.WaitGroup

	latencyRecv  [][]int64 // [subscriber][seq] unix nanos, 0 = not arrived
	latencyCount atomic.Int64
	rateCount    atomic.Int64
	rateLast     atomic.Int64 // unix nanos of the latest throughput delivery
	unexpected   atomic.Int64
	closing      atomic.Bool // set by close(): ends are expected from then on
	dropped      atomic.Int64
}

func (b *bench) connectSubscribers(ctx context.Context, n int) (*subscribers, error) {
	conns, err := dialMany(ctx, b.addr, n, 100)
	if err != nil {
		return nil, err
	}
	s := &subscribers{conns: conns, latencyRecv: make([][]int64, n)}
	for i := range s.latencyRecv {
		s.latencyRecv[i] = make([]int64, b.cfg.latencyCreates)
	}
	topic := b.cfg.collection + "/*"
	gate := make(chan struct{}, 32)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		gate <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-gate }()
			errs <- b.subscribe(ctx, c.clientId, topic)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			s.close()
			return nil, err
		}
	}
	// one epoll loop reads every stream where the OS has it (the bench's own
	// scheduling then adds little to the figures); else a goroutine each
	if !s.startPoller() {
		for i, c := range conns {
			s.wg.Add(1)
			go s.read(i, c)
		}
	}
	return s, nil
}

var marker = []byte(`"title":"rtbench-`)

// read records the arrival of every bench event of one subscriber.
func (s *subscribers) read(i int, c *sseConn) {
	defer s.wg.Done()
	for {
		_, data, err := c.next()
		if err != nil {
			if !s.closing.Load() {
				s.dropped.Add(1) // the server ended the stream
			}
			return
		}
		now := time.Now().UnixNano()
		at := bytes.Index(data, marker)
		if at < 0 {
			s.unexpected.Add(1)
			continue
		}
		s.record(i, data[at+len(marker):], now)
	}
}

// record notes one bench event; rest follows the marker ("L-17\"…").
func (s *subscribers) record(i int, rest []byte, now int64) {
	end := bytes.IndexByte(rest, '"')
	if len(rest) < 3 || end < 3 {
		s.unexpected.Add(1)
		return
	}
	seq, err := strconv.Atoi(string(rest[2:end]))
	if err != nil {
		s.unexpected.Add(1)
		return
	}
	switch rest[0] {
	case 'L':
		if seq < len(s.latencyRecv[i]) && atomic.LoadInt64(&s.latencyRecv[i][seq]) == 0 {
			atomic.StoreInt64(&s.latencyRecv[i][seq], now)
			s.latencyCount.Add(1)
		}
	case 'T':
		s.rateCount.Add(1)
		for {
			last := s.rateLast.Load()
			if now <= last || s.rateLast.CompareAndSwap(last, now) {
				break
			}
		}
	default:
		s.unexpected.Add(1)
	}
}

func (s *subscribers) close() {
	s.closing.Store(true)
	for _, c := range s.conns {
		if c != nil {
			c.conn.Close()
		}
	}
	s.wg.Wait()
}

// waitCount waits until counter reaches want or stops moving for idle.
func waitCount(ctx context.Context, counter *atomic.Int64, want int64, idle time.Duration) {
	last, lastMove := counter.Load(), time.Now()
	for counter.Load() < want && time.Since(lastMove) < idle && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
		if n := counter.Load(); n != last {
			last, lastMove = n, time.Now()
		}
	}
}

// latency creates records one at a time and measures, per subscriber, the
// time from sending the create request to receiving its event.
func (b *bench) latency(ctx context.Context, s *subscribers) error {
	creates := b.cfg.latencyCreates
	sent := make([]int64, creates)
	answered := make([]time.Duration, creates)
	for seq := range creates {
		sent[seq] = time.Now().UnixNano()
		if err := b.create(ctx, fmt.Sprintf("rtbench-L-%d", seq)); err != nil {
			return err
		}
		answered[seq] = time.Duration(time.Now().UnixNano() - sent[seq])
		time.Sleep(b.cfg.latencyGap)
	}
	slices.Sort(answered)
	want := int64(creates * len(s.conns))
	waitCount(ctx, &s.latencyCount, want, 10*time.Second)

	lat := make([]time.Duration, 0, want)
	for i := range s.latencyRecv {
		for seq := range creates {
			if at := atomic.LoadInt64(&s.latencyRecv[i][seq]); at != 0 {
				lat = append(lat, time.Duration(at-sent[seq]))
			}
		}
	}
	slices.Sort(lat)
	missed := want - int64(len(lat))
	if len(lat) == 0 {
		return fmt.Errorf("no event delivered (missed %d)", missed)
	}
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(float64(len(lat))*p))] }
	fmt.Printf("(b) create→delivery latency, %d creates × %d subscribers: p50 %s  p99 %s  max %s  missed %d\n",
		creates, len(s.conns), pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond),
		lat[len(lat)-1].Round(10*time.Microsecond), missed)
	fmt.Printf("    the create requests themselves answered in p50 %s  p99 %s\n",
		answered[creates/2].Round(10*time.Microsecond), answered[min(creates-1, creates*99/100)].Round(10*time.Microsecond))
	return nil
}

// throughput runs creates from several workers for the configured time and
// counts the events delivered to all subscribers.
func (b *bench) throughput(ctx context.Context, s *subscribers) error {
	var seq, created atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	deadline := start.Add(b.cfg.rateDuration)
	var wg sync.WaitGroup
	for range max(1, b.cfg.rateWorkers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) && ctx.Err() == nil {
				// keep at most -rate-window events in flight: the figure is
				// what the server sustains, not how deep a backlog grows
				for created.Load()-s.rateCount.Load()/int64(len(s.conns)) >= int64(b.cfg.rateWindow) &&
					time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
				n := seq.Add(1)
				if err := b.create(ctx, fmt.Sprintf("rtbench-T-%d", n)); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				created.Add(1)
			}
		}()
	}
	wg.Wait()
	createsDone := time.Since(start)
	if err, _ := firstErr.Load().(error); err != nil {
		return err
	}
	want := created.Load() * int64(len(s.conns))
	waitCount(ctx, &s.rateCount, want, 10*time.Second)
	got := s.rateCount.Load()
	elapsed := time.Duration(s.rateLast.Load() - start.UnixNano())
	if elapsed <= 0 {
		return fmt.Errorf("no event delivered")
	}
	fmt.Printf("(c) throughput: %d creates in %s (%.0f/s) → %d deliveries in %s: %.0f events/s delivered, missed %d\n",
		created.Load(), createsDone.Round(time.Millisecond), float64(created.Load())/createsDone.Seconds(),
		got, elapsed.Round(time.Millisecond), float64(got)/elapsed.Seconds(), want-got)
	if n := s.dropped.Load(); n > 0 {
		fmt.Printf("    %d subscriber streams were ended by the server\n", n)
	}
	if n := s.unexpected.Load(); n > 0 {
		fmt.Printf("    %d events without a bench marker\n", n)
	}
	return nil
}
