package apis_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/apis"
)

// repeatReader yields one byte forever, so that a huge body is streamed
// without being held in memory.
type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// A body without a Content-Length (chunked) that grows past the limit is
// answered 413 like a declared one, not the 400 the JSON reader makes of it.
func TestBodyLimitStreamedBody(t *testing.T) {
	env := newAuthEnv(t)
	body := io.MultiReader(strings.NewReader(`{"email":"`),
		io.LimitReader(repeatReader('a'), apis.DefaultMaxBodySize+1), strings.NewReader(`"}`))
	req, err := http.NewRequest(http.MethodPost, env.srv.URL+"/api/collections/users/records", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusRequestEntityTooLarge || strings.TrimSpace(string(raw)) != `{"data":{},"message":"Request entity too large.","status":413}` {
		t.Fatalf("status %d: %s", res.StatusCode, raw)
	}
	if n, err := env.app.CountRecords("users"); err != nil || n != 1 {
		t.Fatalf("users: %d, %v", n, err)
	}

	// below the limit the same route still answers its own errors
	status, out := env.do(http.MethodPost, "/api/collections/users/records", "", map[string]any{"email": "bad"})
	if status != http.StatusBadRequest || out["message"] != "Failed to create record." {
		t.Fatalf("small body: %d %v", status, out)
	}
}

// A token of another auth collection is refused on auth-refresh with the
// name of the token's own collection, as PocketBase words it.
func TestAuthRefreshForeignCollectionToken(t *testing.T) {
	env := newAuthEnv(t)
	status, out := env.do(http.MethodPost, "/api/collections/users/auth-refresh", env.suTok, nil)
	raw, _ := json.Marshal(out)
	if status != http.StatusForbidden || string(raw) != `{"data":{},"message":"The request requires auth record from _superusers collection.","status":403}` {
		t.Fatalf("status %d: %s", status, raw)
	}
	status, out = env.do(http.MethodPost, "/api/collections/_superusers/auth-refresh", env.token(env.user), nil)
	if status != http.StatusForbidden || out["message"] != "The request requires auth record from users collection." {
		t.Fatalf("status %d: %v", status, out)
	}
}
