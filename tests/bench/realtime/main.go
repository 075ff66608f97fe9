// Command realtime benchmarks the realtime API of any PocketBase-compatible
// server (hookbase or PocketBase itself) over loopback:
//
//	(a) the server's RSS with N idle SSE clients connected;
//	(b) the latency from a record create request to the event's delivery
//	    at each of S subscribers of COLLECTION/* (public listRule), p50/p99;
//	(c) the events per second delivered to the S subscribers while creates
//	    run back to back from several workers.
//
// Every event is accounted for: missed deliveries are reported, not hidden.
//
//	go run ./tests/bench/realtime -url http://127.0.0.1:8090 \
//	    -email su@example.com -password secret123 [-pid PID]
//
// The server's pid is found from the listening port when -pid is not given
// (Linux /proc). The superuser is only used to create the bench collection.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

type config struct {
	url, email, password string
	pid                  int
	collection           string
	idle, subs           int
	latencyCreates       int
	latencyGap           time.Duration
	rateDuration         time.Duration
	rateWorkers          int
	timeout              time.Duration
	hold                 time.Duration
	rateWindow           int
}

func main() {
	var cfg config
	flag.StringVar(&cfg.url, "url", "http://127.0.0.1:8090", "server base URL")
	flag.StringVar(&cfg.email, "email", "", "superuser email (creates the bench collection)")
	flag.StringVar(&cfg.password, "password", "", "superuser password")
	flag.IntVar(&cfg.pid, "pid", 0, "server pid for RSS (default: the process listening on the URL's port)")
	flag.StringVar(&cfg.collection, "collection", "rtbench_posts", "collection to create records in (public rules)")
	flag.IntVar(&cfg.idle, "idle", 10000, "idle SSE clients for the RSS figure (0 skips it)")
	flag.IntVar(&cfg.subs, "subs", 1000, "subscribers of COLLECTION/* for latency and throughput")
	flag.IntVar(&cfg.latencyCreates, "creates", 200, "creates measured one at a time for the latency figure")
	flag.DurationVar(&cfg.latencyGap, "gap", 20*time.Millisecond, "pause between the latency creates")
	flag.DurationVar(&cfg.rateDuration, "rate-duration", 10*time.Second, "how long creates run for the throughput figure")
	flag.IntVar(&cfg.rateWorkers, "rate-workers", 4, "concurrent create loops for the throughput figure")
	flag.IntVar(&cfg.rateWindow, "rate-window", 50, "throughput: most creates whose events are not yet delivered to every subscriber")
	flag.DurationVar(&cfg.hold, "hold", 0, "keep the idle clients connected this much longer and report the RSS again")
	flag.DurationVar(&cfg.timeout, "timeout", 10*time.Minute, "bound for the whole run")
	flag.Parse()
	if cfg.email == "" || cfg.password == "" {
		fmt.Fprintln(os.Stderr, "realtime bench: -email and -password (a superuser) are required")
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.timeout)
	defer cancel()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "realtime bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg config) error {
	b, err := newBench(ctx, cfg)
	if err != nil {
		return err
	}
	fmt.Printf("server %s (pid %d), idle RSS %s\n", cfg.url, b.pid, b.rss())

	if cfg.idle > 0 {
		if err := b.idleRSS(ctx, cfg.idle); err != nil {
			return fmt.Errorf("idle clients: %w", err)
		}
	}
	if cfg.subs <= 0 {
		return nil
	}
	subs, err := b.connectSubscribers(ctx, cfg.subs)
	if err != nil {
		return fmt.Errorf("subscribers: %w", err)
	}
	defer subs.close()
	fmt.Printf("%d subscribers of %s/*: RSS %s\n", cfg.subs, cfg.collection, b.rss())
	if err := b.latency(ctx, subs); err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	if err := b.throughput(ctx, subs); err != nil {
		return fmt.Errorf("throughput: %w", err)
	}
	return nil
}
