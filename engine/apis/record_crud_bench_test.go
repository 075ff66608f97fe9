package apis_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

// benchEnv seeds 10k posts once per benchmark run (through core, not HTTP,
// to keep the setup short).
func benchEnv(b *testing.B) (*rcEnv, []string) {
	b.Helper()
	env := newRCEnv(b)
	posts, err := env.app.FindCollectionByNameOrId("posts")
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 0, 10000)
	err = env.app.RunInTransaction(func(tx *core.App) error {
		for i := 0; i < 10000; i++ {
			r := core.NewRecord(posts)
			r.Set("title", fmt.Sprintf("post %05d", i))
			r.Set("n", i%100)
			r.Set("cats", []string{"a", "b", "c"}[i%3])
			if err := tx.SaveNoValidate(r); err != nil {
				return err
			}
			ids = append(ids, r.Id)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return env, ids
}

// runParallel issues requests from GOMAXPROCS*4 goroutines and reports
// requests per second (the loopback HTTP round trip included).
func runParallel(b *testing.B, newReq func(i int64) *http.Request) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	var counter atomic.Int64
	b.SetParallelism(4)
	startCPU := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := newReq(counter.Add(1))
			res, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d for %s", res.StatusCode, req.URL)
				return
			}
		}
	})
	b.StopTimer()
	cpuPerReq := (processCPU() - startCPU).Seconds() / float64(b.N)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	// The machine may be shared: CPU time per request (server and client
	// together, so conservative) gives a load-independent figure; 2/cpu is
	// the throughput two fully used cores would reach.
	b.ReportMetric(cpuPerReq*1e6, "cpu-us/req")
	b.ReportMetric(2/cpuPerReq, "req/s@2cpu")
}

// processCPU is the user+system CPU time used by this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkRecordsList30WithTotals(b *testing.B) {
	env, _ := benchEnv(b)
	target := env.srv.URL + "/api/collections/posts/records?perPage=30"
	runParallel(b, func(int64) *http.Request {
		req, _ := http.NewRequest(http.MethodGet, target, nil)
		return req
	})
}

func BenchmarkRecordsListFilteredSkipTotal(b *testing.B) {
	env, _ := benchEnv(b)
	target := env.srv.URL + "/api/collections/posts/records?perPage=30&skipTotal=1&sort=-n&filter=" + url.QueryEscape("n >= 50 && title ~ 'post 0'")
	runParallel(b, func(int64) *http.Request {
		req, _ := http.NewRequest(http.MethodGet, target, nil)
		return req
	})
}

func BenchmarkRecordView(b *testing.B) {
	env, ids := benchEnv(b)
	base := env.srv.URL + "/api/collections/posts/records/"
	runParallel(b, func(i int64) *http.Request {
		req, _ := http.NewRequest(http.MethodGet, base+ids[i%int64(len(ids))], nil)
		return req
	})
}

func BenchmarkRecordCreate(b *testing.B) {
	env, _ := benchEnv(b)
	target := env.srv.URL + "/api/collections/posts/records"
	runParallel(b, func(i int64) *http.Request {
		body := fmt.Sprintf(`{"title":"bench %d","n":%d,"cats":["a","b"]}`, i, i%100)
		req, _ := http.NewRequest(http.MethodPost, target, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		return req
	})
}
