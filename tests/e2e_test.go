// Package tests drives the built hookbase binary end to end: over HTTP and
// through the official PocketBase JS SDK (tests/sdk, run with node --test).
package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

func TestMain(m *testing.M) { os.Exit(harness.Main(m)) }

func TestSDKHealthAndSuperuserAuth(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	harness.RunNodeTests(t, s, "health.test.mjs")
}

func TestHealthShape(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})

	t.Run("guest", func(t *testing.T) {
		resp, body := s.Do(http.MethodGet, "/api/health", nil, "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200: %s", resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
		// PocketBase writes the fields in this order; clients never see more
		// than this as a guest.
		const want = `{"message":"API is healthy.","code":200,"data":{}}`
		if got := string(bytes.TrimSpace(body)); got != want {
			t.Errorf("body\n got %s\nwant %s", got, want)
		}
	})

	t.Run("superuser sees the extra fields", func(t *testing.T) {
		resp, body := s.Do(http.MethodGet, "/api/health", nil, s.SuperuserToken(t))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200: %s", resp.StatusCode, body)
		}
		data := dataOf(t, body)
		for _, key := range []string{"canBackup", "realIP", "possibleProxyHeader"} {
			if _, ok := data[key]; !ok {
				t.Errorf("data has no %q: %s", key, body)
			}
		}
	})
}

func TestHeadHealth(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	resp, body := s.Do(http.MethodHead, "/api/health", nil, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("HEAD /api/health: status %d, want 200", resp.StatusCode)
	}
	if len(body) != 0 {
		t.Errorf("HEAD answered with a body: %q", body)
	}
}

func TestUnknownRouteIsPocketBase404(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{})
	for _, path := range []string{"/api/hookbase-no-such-route", "/api/collections/x/records/y/nope", "/hookbase-no-such-page"} {
		t.Run(path, func(t *testing.T) {
			resp, body := s.Do(http.MethodGet, path, nil, "")
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("status %d, want 404: %s", resp.StatusCode, body)
			}
			got := decodeObject(t, body)
			if len(got) != 3 {
				t.Errorf("want exactly status, message and data: %s", body)
			}
			if got["status"] != float64(404) {
				t.Errorf("status field %v, want 404", got["status"])
			}
			if got["message"] != "The requested resource wasn't found." {
				t.Errorf("message %q, want PocketBase's not-found message", got["message"])
			}
			if data, ok := got["data"].(map[string]any); !ok || len(data) != 0 {
				t.Errorf("data %v, want {}", got["data"])
			}
		})
	}
}

func TestDataDirReusedAcrossRestarts(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "pb_data")

	first := harness.Start(t, harness.Options{DataDir: dataDir})
	token := first.SuperuserToken(t)
	if err := first.Stop(); err != nil {
		t.Fatalf("first server: %v\n%s", err, first.Log())
	}
	if _, err := os.Stat(filepath.Join(dataDir, "data.db")); err != nil {
		t.Fatalf("data.db not kept: %v", err)
	}

	// NoSuperuser: the superuser must come from the reused data, not from a
	// fresh upsert.
	second := harness.Start(t, harness.Options{DataDir: dataDir, NoSuperuser: true})
	second.SuperuserToken(t)

	// The first run's token is still valid: token keys and secrets persisted.
	resp, body := second.Do(http.MethodGet, "/api/health", nil, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("health: status %d: %s", resp.StatusCode, body)
	}
	if _, ok := dataOf(t, body)["canBackup"]; !ok {
		t.Errorf("the token issued before the restart is not recognised as a superuser's: %s", body)
	}
}

// slowHook answers after a pause so a shutdown can start while it runs;
// /e2e/ping tells whether pb_hooks were loaded at all.
const slowHook = `
routerAdd("GET", "/e2e/ping", (e) => e.json(200, { pong: true }));
routerAdd("GET", "/e2e/slow", (e) => {
  sleep(1500);
  return e.json(200, { done: true });
});
`

func TestGracefulShutdownFinishesInFlightRequest(t *testing.T) {
	t.Parallel()
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"slow.pb.js": slowHook}})
	if resp, body := s.Do(http.MethodGet, "/e2e/ping", nil, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("the hook's route is not served: GET /e2e/ping: %d %s", resp.StatusCode, body)
	}

	type result struct {
		status int
		body   []byte
		err    error
	}
	done := make(chan result, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		resp, body, err := s.Request(ctx, http.MethodGet, "/e2e/slow", nil, "")
		if err != nil {
			done <- result{err: err}
			return
		}
		done <- result{status: resp.StatusCode, body: body}
	}()

	time.Sleep(400 * time.Millisecond) // the handler is now inside sleep()
	if err := s.Stop(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	r := <-done
	if r.err != nil {
		t.Fatalf("in-flight request failed during shutdown: %v", r.err)
	}
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte(`"done":true`)) {
		t.Fatalf("in-flight request: status %d body %s, want 200 {done:true}", r.status, r.body)
	}
	if _, _, err := s.Request(context.Background(), http.MethodGet, "/api/health", nil, ""); err == nil {
		t.Errorf("server still answers after shutdown")
	}
}

func decodeObject(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, body)
	}
	return out
}

// dataOf returns the "data" object of a PocketBase JSON body.
func dataOf(t *testing.T, body []byte) map[string]any {
	t.Helper()
	data, ok := decodeObject(t, body)["data"].(map[string]any)
	if !ok {
		t.Fatalf("no data object in %s", body)
	}
	return data
}
