package apis_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/apis"
	"github.com/hookbase/hookbase/engine/core"
)

// rcEnv is an in-process server over a real SQLite app with a superuser,
// two users and a few collections (see rcSchema).
type rcEnv struct {
	t      testing.TB
	app    *core.App
	srv    *httptest.Server
	suTok  string
	u1, u2 *core.Record
	u1Tok  string
	u2Tok  string
}

// rcSchema: "posts" (public rules), "locked" (nil rules), "owned" (rules
// tied to the author) and "tags" (related by posts).
var rcSchema = []string{
	`{"name":"tags","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
	  "fields":[{"name":"label","type":"text"}]}`,
	`{"name":"posts","type":"base","listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":"",
	  "fields":[{"name":"title","type":"text","max":100},{"name":"n","type":"number"},
	  {"name":"body","type":"editor"},
	  {"name":"cats","type":"select","values":["a","b","c"],"maxSelect":3},
	  {"name":"author","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1},
	  {"name":"tags","type":"relation","collectionId":"TAGS_ID","maxSelect":5},
	  {"name":"secret","type":"text","hidden":true},
	  {"name":"created","type":"autodate","onCreate":true},{"name":"updated","type":"autodate","onCreate":true,"onUpdate":true}]}`,
	`{"name":"locked","type":"base","fields":[{"name":"title","type":"text"}]}`,
	`{"name":"owned","type":"base","listRule":"author = @request.auth.id","viewRule":"author = @request.auth.id",
	  "createRule":"@request.auth.id != '' && author = @request.auth.id","updateRule":"author = @request.auth.id","deleteRule":"author = @request.auth.id",
	  "fields":[{"name":"title","type":"text"},{"name":"author","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1}]}`,
}

func newRCEnv(t testing.TB) *rcEnv {
	t.Helper()
	app := core.New(core.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	server, err := apis.NewServer(app, apis.ServeConfig{})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	srv := httptest.NewServer(server.Handler)
	t.Cleanup(func() {
		srv.Close()
		_ = app.ResetBootstrapState()
	})
	env := &rcEnv{t: t, app: app, srv: srv}

	su := env.newAuthRecord(core.CollectionNameSuperusers, "su@example.com", nil)
	env.suTok = env.token(su)
	env.u1 = env.newAuthRecord(core.CollectionNameUsers, "u1@example.com", map[string]any{"name": "User One"})
	env.u2 = env.newAuthRecord(core.CollectionNameUsers, "u2@example.com", map[string]any{"name": "User Two", "emailVisibility": true})
	env.u1Tok, env.u2Tok = env.token(env.u1), env.token(env.u2)

	tagsId := ""
	for _, schema := range rcSchema {
		schema = strings.ReplaceAll(schema, "TAGS_ID", tagsId)
		status, body := env.do(http.MethodPost, "/api/collections", env.suTok, json.RawMessage(schema))
		if status != http.StatusOK {
			t.Fatalf("create collection: %d %v", status, body)
		}
		if m, _ := body.(map[string]any); m["name"] == "tags" {
			tagsId, _ = m["id"].(string)
		}
	}
	return env
}

func (env *rcEnv) newAuthRecord(collection, email string, extra map[string]any) *core.Record {
	env.t.Helper()
	c, err := env.app.FindCollectionByNameOrId(collection)
	if err != nil {
		env.t.Fatalf("find %s: %v", collection, err)
	}
	r := core.NewRecord(c)
	r.SetEmail(email)
	r.SetPassword("1234567890")
	r.Load(extra)
	if err := env.app.Save(r); err != nil {
		env.t.Fatalf("save %s: %v", email, err)
	}
	return r
}

func (env *rcEnv) token(r *core.Record) string {
	env.t.Helper()
	tok, err := r.NewAuthToken()
	if err != nil {
		env.t.Fatalf("token: %v", err)
	}
	return tok
}

// do sends a JSON request and decodes the JSON answer (nil for 204).
func (env *rcEnv) do(method, path, token string, body any) (int, any) {
	env.t.Helper()
	return sendJSON(env.t, jsonRequest(env.t, method, env.srv.URL+path, token, body))
}

// doRaw sends body as is with a JSON content type.
func (env *rcEnv) doRaw(method, path, token, body string) (int, any) {
	env.t.Helper()
	req, err := http.NewRequest(method, env.srv.URL+path, strings.NewReader(body))
	if err != nil {
		env.t.Fatalf("request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	return env.send(req)
}

func (env *rcEnv) send(req *http.Request) (int, any) {
	env.t.Helper()
	return sendJSON(env.t, req)
}

// createRecord creates a record as the superuser and returns its JSON.
func (env *rcEnv) createRecord(collection string, data map[string]any) map[string]any {
	env.t.Helper()
	status, body := env.do(http.MethodPost, "/api/collections/"+collection+"/records", env.suTok, data)
	if status != http.StatusOK {
		env.t.Fatalf("create %s record: %d %v", collection, status, body)
	}
	return body.(map[string]any)
}

// jsonPath digs into decoded JSON with keys and list indexes ("items.0.id").
func jsonPath(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		switch val := v.(type) {
		case map[string]any:
			v = val[part]
		case []any:
			i := 0
			for _, r := range part {
				i = i*10 + int(r-'0')
			}
			if i >= len(val) {
				return nil
			}
			v = val[i]
		default:
			return nil
		}
	}
	return v
}
