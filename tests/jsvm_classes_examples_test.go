package tests

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// The pb_hooks_example routes that use the less common classes
// (06_classes.pb.js), loaded as a user would.
func TestJSVMClassesExamples(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var received string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		f, h, err := r.FormFile("upload")
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		body, _ := io.ReadAll(f)
		f.Close()
		mu.Lock()
		received = r.FormValue("note") + "|" + h.Filename + "|" + string(body)
		mu.Unlock()
		w.WriteHeader(204)
	}))
	defer hook.Close()

	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.Start(t, harness.Options{
		CopyHooksFrom: filepath.Join(root, "pb_hooks_example"),
		Env:           []string{"EXAMPLE_WEBHOOK_URL=" + hook.URL, "SITE_TIMEZONE=Europe/Riga"},
	})

	expect(t, s, "POST", "/example/articles/form", map[string]any{}, "", 400, `"title":{"code":"validation_required"`)
	expect(t, s, "POST", "/example/articles/form", map[string]any{"title": "Formed", "views": 3}, "", 201, `"title":"Formed"`, `"views":3`)
	expect(t, s, "GET", "/example/feed.xml", nil, "", 200, `<feed zone="Europe/Riga"><entry id="`, `<title>Formed</title><published>`)
	expect(t, s, "GET", "/example/articles/events", nil, "", 200, `{"data":{"title":"Formed"},"kind":"created","title":"Formed"}`)

	resp, body := s.Do("POST", "/example/forward", "some text", "")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"status":204`) {
		t.Fatalf("forward: %d %s", resp.StatusCode, body)
	}
	mu.Lock()
	got := received
	mu.Unlock()
	if got != "forwarded by hookbase|upload.txt|some text" {
		t.Fatalf("the webhook received %q", got)
	}
	expect(t, s, "GET", "/example/commands", nil, "", 200, `[{"short":"Prints a greeting","use":"hello"}]`)
}
