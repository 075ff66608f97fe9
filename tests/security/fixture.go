// Package security holds the fixture and helpers of the end-to-end security
// tests (tests/security_test.go): a real hookbase process with protected and
// public collections, users, a pb_public dir, a secret file next to it, and
// helpers to forge tokens, send raw HTTP and check PocketBase error bodies.
package security

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
)

// Marker values that must never appear in an answer to someone not allowed
// to see them.
const (
	SecretCode   = "TOPSECRET-4711"
	HiddenNote   = "HIDDENNOTE-0815"
	OutsideFile  = "OUTSIDE-PUBLIC-DIR-9931"
	PublicIndex  = "public index page"
	UserPassword = "user-password-123"

	// The rule of the protected collection: any authenticated record.
	AuthOnlyRule = `@request.auth.id != ""`
)

// Fixture is one running server and the records created on it.
type Fixture struct {
	S       *harness.Server
	Root    string // holds pb_data, pb_public and outside.txt
	SuToken string

	UserId, User2Id       string
	UserToken, User2Token string
	UserEmail, User2Email string

	SecretsId, PostsId string // collection ids
	SecretId, PostId   string // record ids
}

// Start runs a server on <tmp>/pb_data with <tmp>/pb_public served, the hooks
// of tests/security/pb_hooks, and creates:
//
//	secrets (base): every rule AuthOnlyRule; code, hiddenNote (hidden)
//	posts (base):   public list/view/create/update; title, n, secret → secrets, author → users
//	users:          public list/view (so that hidden-field filters can be tried)
//
// with one secret, one post pointing at it and at user 1, and two users.
func Start(t *testing.T) *Fixture {
	t.Helper()
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	f := &Fixture{Root: t.TempDir()}
	public := filepath.Join(f.Root, "pb_public")
	must(t, os.MkdirAll(filepath.Join(public, "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(public, "index.html"), []byte(PublicIndex), 0o644))
	must(t, os.WriteFile(filepath.Join(public, "sub", "page.txt"), []byte("sub page"), 0o644))
	must(t, os.WriteFile(filepath.Join(f.Root, "outside.txt"), []byte(OutsideFile), 0o644))

	f.S = harness.Start(t, harness.Options{
		DataDir:       filepath.Join(f.Root, "pb_data"),
		CopyHooksFrom: filepath.Join(root, "tests", "security", "pb_hooks"),
		Args:          []string{"--hooksTimeout=1"},
	})
	f.SuToken = f.S.SuperuserToken(t)

	rule := AuthOnlyRule
	f.SecretsId = f.mustCreate(t, "/api/collections", map[string]any{
		"name": "secrets", "type": "base",
		"listRule": rule, "viewRule": rule, "createRule": rule, "updateRule": rule, "deleteRule": rule,
		"fields": []map[string]any{
			{"name": "code", "type": "text"},
			{"name": "hiddenNote", "type": "text", "hidden": true},
		},
	})
	f.mustDo(t, http.MethodPatch, "/api/collections/users", map[string]any{"listRule": "", "viewRule": ""}, f.SuToken)
	f.PostsId = f.mustCreate(t, "/api/collections", map[string]any{
		"name": "posts", "type": "base",
		"listRule": "", "viewRule": "", "createRule": "", "updateRule": "",
		"fields": []map[string]any{
			{"name": "title", "type": "text"},
			{"name": "n", "type": "number"},
			{"name": "secret", "type": "relation", "collectionId": f.SecretsId, "maxSelect": 1},
			{"name": "author", "type": "relation", "collectionId": "_pb_users_auth_", "maxSelect": 1},
		},
	})

	f.UserEmail, f.User2Email = "user1@security.test", "user2@security.test"
	f.UserId, f.UserToken = f.newUser(t, f.UserEmail, "User One")
	f.User2Id, f.User2Token = f.newUser(t, f.User2Email, "User Two")
	f.SecretId = f.mustCreate(t, "/api/collections/secrets/records", map[string]any{"code": SecretCode, "hiddenNote": HiddenNote})
	f.PostId = f.mustCreate(t, "/api/collections/posts/records", map[string]any{
		"title": "hello", "n": 1, "secret": f.SecretId, "author": f.UserId,
	})
	return f
}

func (f *Fixture) newUser(t *testing.T, email, name string) (id, token string) {
	t.Helper()
	id = f.mustCreate(t, "/api/collections/users/records", map[string]any{
		"email": email, "password": UserPassword, "passwordConfirm": UserPassword, "name": name,
	})
	body := f.mustDo(t, http.MethodPost, "/api/collections/users/auth-with-password",
		map[string]any{"identity": email, "password": UserPassword}, "")
	var out struct{ Token string }
	if err := json.Unmarshal(body, &out); err != nil || out.Token == "" {
		t.Fatalf("no token for %s in %s", email, body)
	}
	return id, out.Token
}

// mustCreate POSTs as the superuser and returns the new id.
func (f *Fixture) mustCreate(t *testing.T, path string, body any) string {
	t.Helper()
	var out struct{ Id string }
	raw := f.mustDo(t, http.MethodPost, path, body, f.SuToken)
	if err := json.Unmarshal(raw, &out); err != nil || out.Id == "" {
		t.Fatalf("POST %s: no id in %s", path, raw)
	}
	return out.Id
}

func (f *Fixture) mustDo(t *testing.T, method, path string, body any, token string) []byte {
	t.Helper()
	resp, raw := f.S.Do(method, path, body, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: status %d: %s", method, path, resp.StatusCode, raw)
	}
	return raw
}

// List is the decoded body of a records list.
type List struct {
	Page       int              `json:"page"`
	PerPage    int              `json:"perPage"`
	TotalItems int              `json:"totalItems"`
	TotalPages int              `json:"totalPages"`
	Items      []map[string]any `json:"items"`
}

// List GETs a records list and fails t unless it answers 200.
func (f *Fixture) List(t *testing.T, path, token string) List {
	t.Helper()
	var out List
	if err := json.Unmarshal(f.mustDo(t, http.MethodGet, path, nil, token), &out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return out
}

// IDs lists the ids of a collection's records as the superuser (sorted by
// id), to prove that nothing was added, removed or replaced.
func (f *Fixture) IDs(t *testing.T, collection string) string {
	t.Helper()
	l := f.List(t, "/api/collections/"+collection+"/records?perPage=1000&sort=id&fields=id", f.SuToken)
	ids := make([]string, len(l.Items))
	for i, item := range l.Items {
		ids[i] = fmt.Sprint(item["id"])
	}
	return strings.Join(ids, ",")
}

// Snapshot is the state the destructive attempts must leave unchanged.
func (f *Fixture) Snapshot(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, c := range []string{"posts", "secrets", "users", "_superusers"} {
		fmt.Fprintf(&b, "%s=[%s] ", c, f.IDs(t, c))
	}
	raw := f.mustDo(t, http.MethodGet, "/api/collections/secrets/records/"+f.SecretId, nil, f.SuToken)
	b.Write(raw)
	return b.String()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
