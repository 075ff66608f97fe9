package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// durableMigration creates a public collection the writers create into.
const durableMigration = `
migrate((app) => {
  app.save(new Collection({
    type: "base", name: "durable",
    listRule: "", viewRule: "", createRule: "",
    fields: [{ type: "text", name: "title", required: true }],
  }))
})
`

// durableHook holds every create inside its transaction for a moment, so
// that concurrent creates overlap in the writer: an answer sent before the
// data is committed would then be caught by the kill.
const durableHook = `
onRecordCreate((e) => {
  const until = Date.now() + 2
  while (Date.now() < until) {}
  return e.next()
}, "durable")
`

// TestKill9KeepsAcknowledgedCreates is the durability guarantee of the write
// path: 4 concurrent writers create records over HTTP, the server is killed
// with SIGKILL while they run, and after a restart on the same pb_data every
// create that was answered 2xx is there.
func TestKill9KeepsAcknowledgedCreates(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "pb_data")
	migrations := map[string]string{"1700000000_durable.js": durableMigration}
	hooks := map[string]string{"durable.pb.js": durableHook}
	first := harness.Start(t, harness.Options{DataDir: dataDir, Migrations: migrations, Hooks: hooks})

	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 8},
	}
	var (
		mu      sync.Mutex
		acked   = map[string]string{} // id → title
		stopped atomic.Bool
		wg      sync.WaitGroup
	)
	const writers = 4
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; !stopped.Load(); n++ {
				title := fmt.Sprintf("writer %d create %d", w, n)
				id, err := createDurable(client, first.URL, title)
				if err != nil {
					// No answer (the kill cut the connection): its outcome is
					// unknown and not part of the guarantee.
					continue
				}
				mu.Lock()
				acked[id] = title
				mu.Unlock()
			}
		}(w)
	}

	// Let the writers get going, then crash the server under their load.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	first.Kill()
	stopped.Store(true)
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	if len(acked) < 50 {
		t.Fatalf("only %d creates were acknowledged before the kill; the load did not run", len(acked))
	}

	second := harness.Start(t, harness.Options{DataDir: dataDir, Migrations: migrations, NoSuperuser: true})
	stored := listDurable(t, client, second.URL)
	missing := 0
	for id, title := range acked {
		got, ok := stored[id]
		if !ok {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged create %s (%q) is missing after the kill -9 restart", id, title)
			}
			continue
		}
		if got != title {
			t.Errorf("record %s has title %q after the restart, acknowledged with %q", id, got, title)
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged creates lost by kill -9", missing, len(acked))
	}
	t.Logf("%d acknowledged creates all present after kill -9 (%d rows stored)", len(acked), len(stored))
}

// createDurable creates one record and returns its id when the server
// answered 2xx; any other outcome is an error.
func createDurable(client *http.Client, base, title string) (string, error) {
	body, _ := json.Marshal(map[string]string{"title": title})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/collections/durable/records", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode/100 != 2 {
		return "", fmt.Errorf("status %d: %s", resp.StatusCode, data)
	}
	var rec struct {
		Id    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal(data, &rec); err != nil || rec.Id == "" || rec.Title != title {
		return "", fmt.Errorf("unexpected 2xx body %s (%v)", data, err)
	}
	return rec.Id, nil
}

// listDurable pages through every stored record: id → title.
func listDurable(t *testing.T, client *http.Client, base string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for page := 1; ; page++ {
		q := url.Values{"page": {fmt.Sprint(page)}, "perPage": {"500"}, "skipTotal": {"1"}, "sort": {"id"}, "fields": {"id,title"}}
		resp, err := client.Get(base + "/api/collections/durable/records?" + q.Encode())
		if err != nil {
			t.Fatalf("list page %d: %v", page, err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("list page %d: status %d: %s (%v)", page, resp.StatusCode, data, err)
		}
		var list struct {
			Items []struct {
				Id    string `json:"id"`
				Title string `json:"title"`
			} `json:"items"`
		}
		if err := json.Unmarshal(data, &list); err != nil {
			t.Fatalf("list page %d: %v: %s", page, err, data)
		}
		for _, it := range list.Items {
			out[it.Id] = it.Title
		}
		if len(list.Items) < 500 {
			return out
		}
	}
}
