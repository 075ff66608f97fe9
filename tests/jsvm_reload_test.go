package tests

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

const reloadRoute = `
const version = %[1]d
routerAdd("GET", "/js/version", (e) => e.string(200, "v" + version))
cronAdd("job_v%[1]d", "0 0 * * *", () => {})
`

// TestJSVMReloadUnderLoad rewrites the hooks while goroutines hit a JS
// route: no request may fail, and the last version answers afterwards.
func TestJSVMReloadUnderLoad(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "pb_hooks")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(v int) {
		t.Helper()
		// write then rename, as editors do, so a half-written file is never loaded
		tmp := filepath.Join(dir, ".route.tmp")
		if err := os.WriteFile(tmp, []byte(fmt.Sprintf(reloadRoute, v)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, "route.pb.js")); err != nil {
			t.Fatal(err)
		}
	}
	write(1)
	s := harness.Start(t, harness.Options{HooksDir: dir, Args: []string{"--hooksPool=4"}})
	expect(t, s, "GET", "/js/version", nil, "", 200, "v1")

	var (
		ok, failed atomic.Int64
		firstErr   atomic.Value
		stop       = make(chan struct{})
		wg         sync.WaitGroup
	)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequestWithContext(context.Background(), "GET", s.URL+"/js/version", nil)
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "v") {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("%d %s", resp.StatusCode, body))
					continue
				}
				ok.Add(1)
			}
		}()
	}
	const last = 6
	for v := 2; v <= last; v++ {
		time.Sleep(400 * time.Millisecond)
		write(v)
	}
	want := fmt.Sprintf("v%d", last)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := s.Do("GET", "/js/version", nil, "")
		if string(body) == want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still answering %q after the reload, want %q", body, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // keep the load on across the last swap
	close(stop)
	wg.Wait()
	t.Logf("requests during reloads: %d ok, %d failed", ok.Load(), failed.Load())
	if failed.Load() > 0 {
		t.Fatalf("%d requests failed during reloads (first: %v)", failed.Load(), firstErr.Load())
	}
	if ok.Load() == 0 {
		t.Fatal("the load generator made no request")
	}

	// the crons of the new generation replaced the old ones
	token := s.SuperuserToken(t)
	crons := string(expect(t, s, "GET", "/api/crons", nil, token, 200, fmt.Sprintf(`"job_v%d"`, last)))
	if strings.Contains(crons, `"job_v1"`) {
		t.Fatalf("an old generation's cron job survived the reload: %s", crons)
	}

	// a broken script is reported and the previous generation keeps serving
	if err := os.WriteFile(filepath.Join(dir, "broken.pb.js"), []byte("routerAdd('GET', '/x', (e) => {"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for !strings.Contains(s.Log(), "broken.pb.js:") {
		if time.Now().After(deadline) {
			t.Fatalf("the syntax error was not logged with its file:\n%s", s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	expect(t, s, "GET", "/js/version", nil, "", 200, want)
}
