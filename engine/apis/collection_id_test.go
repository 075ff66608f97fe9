package apis_test

import (
	"net/http"
	"testing"
)

// Collections created through the API without an id get PocketBase's
// deterministic id, so migrations that look them up by id work on a fresh
// database.
func TestCollectionCreateDeterministicId(t *testing.T) {
	env := newAuthEnv(t)
	create := func(body map[string]any) string {
		t.Helper()
		status, out := env.do(http.MethodPost, "/api/collections", env.suTok, body)
		if status != http.StatusOK {
			t.Fatalf("create %v: %d %v", body, status, out)
		}
		id, _ := out["id"].(string)
		return id
	}
	if id := create(map[string]any{"name": "posts"}); id != "pbc_1125843985" {
		t.Errorf("posts: id %q, want pbc_1125843985", id)
	}
	if id := create(map[string]any{"name": "members", "type": "auth", "id": ""}); id != "pbc_2620428958" {
		t.Errorf("members: id %q, want pbc_2620428958", id)
	}
	if id := create(map[string]any{"name": "given", "id": "given_id_12345"}); id != "given_id_12345" {
		t.Errorf("an explicit id was replaced by %q", id)
	}
	// the first posts is renamed; a new posts finds its id taken
	if status, out := env.do(http.MethodPatch, "/api/collections/posts", env.suTok, map[string]any{"name": "notes"}); status != http.StatusOK || out["id"] != "pbc_1125843985" {
		t.Fatalf("rename: %d %v", status, out)
	}
	if id := create(map[string]any{"name": "posts"}); id != "pbc_11258439852" {
		t.Errorf("second posts: id %q, want pbc_11258439852", id)
	}
}
