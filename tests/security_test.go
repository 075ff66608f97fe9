package tests

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hookbase/hookbase/tests/security"
)

// The security claims of DESIGN.md, proven against the real binary: SQL
// values bound and identifiers checked, rules on every path, tokens with a
// pinned algorithm, static files inside pb_public, body limits. Runaway JS
// handlers are covered by TestJSVMErrors (/js/loop answers 504, then the
// server keeps serving).

func TestSecuritySQLInjection(t *testing.T) {
	t.Parallel()
	f := security.Start(t)
	before := f.Snapshot(t)
	posts := "/api/collections/posts/records"
	bad := func(name, path string) security.Case {
		return security.Case{Name: name, Path: path, Status: 400, Message: security.MsgGeneric400}
	}
	ok := func(name, path string, total int) security.Case {
		return security.Case{Name: name, Path: path, Status: 200, Total: total}
	}
	noCollection := func(name string) security.Case {
		return security.Case{Name: "collection " + name, Path: "/api/collections/" + url.PathEscape(name) + "/records",
			Status: 404, Message: "Missing collection context."}
	}
	noRecord := func(id string) security.Case {
		return security.Case{Name: "id " + id, Path: posts + "/" + url.PathEscape(id), Status: 404, Message: "The requested resource wasn't found."}
	}
	cases := []security.Case{
		bad("filter OR 1=1", security.Query(posts, "filter", "title='x' OR 1=1")),
		bad("filter closing paren", security.Query(posts, "filter", "title='x') OR 1=1 --")),
		bad("filter UNION", security.Query(posts, "filter", "title='x' UNION SELECT password FROM _superusers")),
		bad("filter sub-select", security.Query(posts, "filter", "id != '' && (SELECT 1)")),
		bad("filter stacked statement", security.Query(posts, "filter", "n>0;DELETE FROM posts")),
		bad("filter comment", security.Query(posts, "filter", "title='a' -- x")),
		bad("filter function call", security.Query(posts, "filter", "title=char(104,101,108,108,111)")),
		bad("filter dbx column quoting", security.Query(posts, "filter", "[[title]]='hello'")),
		bad("filter dbx table quoting", security.Query(posts, "filter", "{{_superusers}}.email!=''")),
		bad("filter dbx placeholder", security.Query(posts, "filter", "title={:p}")),
		bad("filter unknown table", security.Query(posts, "filter", "_superusers.email!=''")),
		ok("filter quote in a value", security.Query(posts, "filter", `title="x'; DROP TABLE posts; --"`), 0),
		ok("filter placeholder in a value", security.Query(posts, "filter", "title='{:p}' || title='[[id]]'"), 0),
		bad("filter escaped quote", security.Query(posts, "filter", `title='\' || 1=1 || title='x'`)),
		ok("filter escaped quote in a value", security.Query(posts, "filter", `title='it\'s' || title="say \"hi\""`), 0),
		ok("filter plain", security.Query(posts, "filter", "title='hello'"), 1),
		bad("sort stacked statement", security.Query(posts, "sort", "title;DROP TABLE posts")),
		bad("sort sub-select", security.Query(posts, "sort", "(SELECT password FROM _superusers)")),
		bad("sort raw direction", security.Query(posts, "sort", "title DESC")),
		bad("sort function", security.Query(posts, "sort", "random()")),
		bad("sort collate", security.Query(posts, "sort", "title COLLATE NOCASE")),
		bad("sort backtick", security.Query(posts, "sort", "id`")),
		bad("sort dbx quoting", security.Query(posts, "sort", "[[title]]")),
		ok("sort special keys", security.Query(posts, "sort", "-@rowid,@random,+title"), 1),
		ok("expand stacked statement", security.Query(posts, "expand", "secret;DROP TABLE posts"), 1),
		ok("expand quote", security.Query(posts, "expand", "secret')--"), 1),
		ok("expand path", security.Query(posts, "expand", "../_superusers"), 1),
		ok("expand hidden field", security.Query(posts, "expand", "author.password,author.tokenKey"), 1),
		ok("expand sub-select", security.Query(posts, "expand", "(SELECT 1),posts_via_secret"), 1),
		ok("fields hidden", security.Query(posts, "fields", "*,password,tokenKey"), 1),
		ok("fields stacked statement", security.Query(posts, "fields", "title);DROP TABLE posts;--"), 1),
		ok("fields sub-select", security.Query(posts, "fields", "(SELECT password FROM _superusers)"), 1),
		bad("perPage statement", security.Query(posts, "perPage", "1;DROP TABLE posts")),
		bad("page expression", security.Query(posts, "page", "1 OR 1=1")),
		bad("page hex", security.Query(posts, "page", "0x10")),
		bad("skipTotal quote", security.Query(posts, "skipTotal", "1'")),
		ok("perPage negative", security.Query(posts, "perPage", "-1"), 1),
		ok("page negative", security.Query(posts, "page", "-5"), 1),
		noCollection("posts'--"),
		noCollection(`posts"`),
		noCollection("posts;DROP TABLE posts"),
		noCollection("sqlite_master"),
		noCollection("_collections"),
		noCollection("_params"),
		noCollection(".."),
		{Name: "collection _superusers", Path: "/api/collections/_superusers/records", Status: 403, Message: "Only superusers can perform this action."},
		noRecord("x' OR '1'='1"),
		noRecord(`x" OR 1=1--`),
		noRecord("%"),
		noRecord("*"),
		noRecord(f.PostId + "'--"),
		{Name: "delete with injected id", Method: "DELETE", Path: posts + "/" + url.PathEscape(f.PostId+"' OR 1=1 --"),
			Status: 403, Message: "Only superusers can perform this action."},
		{Name: "update with injected id", Method: "PATCH", Path: posts + "/" + url.PathEscape("x' OR 1=1 --"), Body: map[string]any{"title": "pwned"},
			Status: 404, Message: "The requested resource wasn't found."},
	}
	f.Run(t, "", cases, security.SecretCode, security.HiddenNote, f.UserEmail, f.S.SuperuserEmail)

	if after := f.Snapshot(t); after != before {
		t.Fatalf("data changed:\nbefore %s\nafter  %s", before, after)
	}

	// injected keys and values of a body are stored verbatim or ignored
	evil := []string{`x'); DROP TABLE posts; --`, `{:p}`, `[[id]]`, `{{_superusers}}`, "\x00nul", `" OR 1=1 --`}
	for _, v := range evil {
		body := map[string]any{"title": v, `title" = 1, "id`: "x", "n) VALUES (1); --": 1, "@collection.x": v}
		resp, raw := f.S.Do(http.MethodPost, posts, body, "")
		var rec map[string]any
		if resp.StatusCode != 200 || json.Unmarshal(raw, &rec) != nil || rec["title"] != v || rec["n"] != float64(0) {
			t.Errorf("create with %q: status %d: %s", v, resp.StatusCode, raw)
			continue
		}
		if _, ok := rec["@collection.x"]; ok {
			t.Errorf("an unknown key was stored: %s", raw)
		}
		id := fmt.Sprint(rec["id"])
		if resp, raw := f.S.Do(http.MethodPatch, posts+"/"+id, map[string]any{"title": v + v, "n) = 1; --": 2, "id": "x' OR 1=1"}, ""); resp.StatusCode != 200 {
			t.Errorf("update with %q: status %d: %s", v, resp.StatusCode, raw)
		}
		_, raw = f.S.Do(http.MethodGet, posts+"/"+id, nil, "")
		if err := json.Unmarshal(raw, &rec); err != nil || rec["title"] != v+v || rec["n"] != float64(0) {
			t.Errorf("stored %q does not read back: %s", v+v, raw)
		}
	}
	f.Run(t, "", []security.Case{
		{Name: "injected id", Method: "POST", Path: posts, Body: map[string]any{"id": "abcdefghijklm'-"}, Status: 400, Message: "Failed to create record.",
			Data: security.Data{"id": security.Code("validation_invalid_format", "Invalid value format.")}},
		{Name: "path id", Method: "POST", Path: posts, Body: map[string]any{"id": "../../../etc/pa"}, Status: 400, Message: "Failed to create record.",
			Data: security.Data{"id": map[string]any{"code": "validation_pk_forbidden", "message": "The record primary key contains forbidden characters.", "params": map[string]any{"forbidden": "/"}}}},
		{Name: "injected relation id", Method: "POST", Path: posts, Body: map[string]any{"secret": "x' OR 1=1 --"}, Status: 400, Message: "Failed to create record.",
			Data: security.Data{"secret": security.Code("validation_missing_rel_records", "Failed to find all relation records with the provided ids.")}},
		{Name: "not an object", Method: "POST", Path: posts, Body: []any{1, 2}, Status: 400, Message: "Failed to load the submitted data due to invalid formatting."},
		{Name: "login identity", Method: "POST", Path: "/api/collections/users/auth-with-password",
			Body: map[string]any{"identity": "x' OR 1=1 --", "password": "x"}, Status: 400, Message: "Failed to authenticate."},
		{Name: "login identity field", Method: "POST", Path: "/api/collections/users/auth-with-password",
			Body: map[string]any{"identity": f.UserEmail, "password": "x", "identityField": "email` OR 1=1 --"}, Status: 400,
			Message: "An error occurred while validating the submitted data.", Data: security.Data{"identityField": security.Code("validation_in_invalid", "Must be a valid value.")}},
		{Name: "login operator object", Method: "POST", Path: "/api/collections/users/auth-with-password",
			Body: map[string]any{"identity": f.UserEmail, "password": map[string]any{"$ne": 1}}, Status: 400, Message: "Failed to load the submitted data due to invalid formatting."},
	})
	securityCollectionsAPI(t, f)

	for _, c := range []string{"secrets", "users", "_superusers"} {
		if got := f.IDs(t, c); !strings.Contains(before, c+"=["+got+"]") {
			t.Errorf("%s changed: now [%s]; before %s", c, got, before)
		}
	}
	if resp, raw := f.S.Do(http.MethodGet, "/api/collections/posts/records/"+f.PostId, nil, f.SuToken); resp.StatusCode != 200 {
		t.Errorf("the first post is gone: %d %s", resp.StatusCode, raw)
	}
	f.S.SuperuserToken(t) // the superusers table still authenticates
}

// securityCollectionsAPI tries identifiers that end up in DDL: collection and field
// names, indexes and view queries.
func securityCollectionsAPI(t *testing.T, f *security.Fixture) {
	t.Helper()
	invalidName := security.Code("validation_match_invalid", "Must be in a valid format.")
	reserved := security.Code("validation_collection_name_invalid", "The name is reserved by the system.")
	badIndex := security.Code("validation_invalid_index_expression", "Invalid CREATE INDEX expression.")
	create := func(name string, body map[string]any, data map[string]any) security.Case {
		if body["type"] == nil {
			body["type"] = "base"
		}
		return security.Case{Name: name, Method: "POST", Path: "/api/collections", Body: body, Status: 400, Message: "Failed to create collection.", Data: data}
	}
	text := func(name string) []map[string]any { return []map[string]any{{"name": name, "type": "text"}} }
	f.Run(t, f.SuToken, []security.Case{
		create("name statement", map[string]any{"name": "x; DROP TABLE posts"}, security.Data{"name": invalidName}),
		create("name quote", map[string]any{"name": `x"(a)`}, security.Data{"name": invalidName}),
		create("name sqlite_master", map[string]any{"name": "sqlite_master"}, security.Data{"name": reserved}),
		create("name _collections", map[string]any{"name": "_collections"}, security.Data{"name": reserved}),
		create("field name", map[string]any{"name": "sec1", "fields": text(`a" TEXT); DROP TABLE posts; --`)},
			security.Data{"fields": map[string]any{"1": map[string]any{"name": security.Code("validation_match_invalid", "Must be in a valid format.")}}}),
		create("index statement", map[string]any{"name": "sec2", "fields": text("a"), "indexes": []string{"CREATE INDEX idx_s2 ON sec2 (a); DROP TABLE posts"}},
			security.Data{"indexes": map[string]any{"0": badIndex}}),
		create("index trigger", map[string]any{"name": "sec3", "fields": text("a"), "indexes": []string{"CREATE TRIGGER t AFTER INSERT ON sec3 BEGIN DELETE FROM posts; END"}},
			security.Data{"indexes": map[string]any{"0": badIndex}}),
		create("index on another table", map[string]any{"name": "sec4", "fields": text("title"), "indexes": []string{"CREATE UNIQUE INDEX idx_s4 ON `_superusers` (`email`)"}},
			security.Data{"indexes": map[string]any{"0": security.Code("validation_invalid_index_column", `Unknown column "email".`)}}),
		{Name: "rename to a statement", Method: "PATCH", Path: "/api/collections/posts", Body: map[string]any{"name": "posts; DROP TABLE secrets"},
			Status: 400, Message: "Failed to update collection.", Data: security.Data{"name": invalidName}},
		{Name: "delete injected name", Method: "DELETE", Path: "/api/collections/" + url.PathEscape("posts' OR 1=1 --"),
			Status: 404, Message: "The requested resource wasn't found."},
		{Name: "truncate injected name", Method: "DELETE", Path: "/api/collections/" + url.PathEscape("posts;--") + "/truncate",
			Status: 404, Message: "The requested resource wasn't found."},
	})
	for _, query := range []string{"SELECT id FROM posts; DROP TABLE posts", "DELETE FROM posts RETURNING id", "SELECT id FROM posts -- ; DROP TABLE posts"} {
		resp, raw := f.S.Do(http.MethodPost, "/api/collections", map[string]any{"name": "secv", "type": "view", "viewQuery": query}, f.SuToken)
		var out security.ErrorBody
		_ = json.Unmarshal(raw, &out)
		item, _ := out.Data["viewQuery"].(map[string]any)
		if resp.StatusCode == 200 {
			f.S.Do(http.MethodDelete, "/api/collections/secv", nil, f.SuToken)
		} else if resp.StatusCode != 400 || item["code"] != "validation_invalid_view_query" {
			t.Errorf("view query %q: status %d: %s", query, resp.StatusCode, raw)
		}
	}

	// An index naming another table is created on the collection's own
	// table: two posts with one title still save.
	resp, raw := f.S.Do(http.MethodPost, "/api/collections", map[string]any{"name": "sec5", "type": "base", "fields": text("title"),
		"indexes": []string{"CREATE UNIQUE INDEX idx_s5 ON posts (title)"}}, f.SuToken)
	if resp.StatusCode != 200 {
		t.Fatalf("create sec5: %d %s", resp.StatusCode, raw)
	}
	for i := 0; i < 2; i++ {
		if resp, raw := f.S.Do(http.MethodPost, "/api/collections/posts/records", map[string]any{"title": "same"}, ""); resp.StatusCode != 200 {
			t.Errorf("the index of sec5 landed on posts: %d %s", resp.StatusCode, raw)
		}
	}
}

func TestSecurityStaticFiles(t *testing.T) {
	t.Parallel()
	f := security.Start(t)
	for target, want := range map[string]string{"/": security.PublicIndex, "/sub/page.txt": "sub page", "/sub/": ""} {
		if status, body := security.RawGET(t, f.S.Addr, target); status == 200 && !strings.Contains(body, want) || status != 200 && target != "/sub/" {
			t.Errorf("GET %s: %d %s", target, status, body)
		}
	}
	outside := filepath.ToSlash(filepath.Join(f.Root, "outside.txt"))
	dataDB := filepath.ToSlash(filepath.Join(f.S.DataDir, "data.db"))
	targets := []string{
		"/../outside.txt", "/sub/../../outside.txt", "/./../outside.txt", "//../outside.txt", "/....//outside.txt",
		"/%2e%2e/outside.txt", "/%2E%2E/outside.txt", "/%2e%2e%2foutside.txt", "/..%2foutside.txt", "/..%2Foutside.txt",
		"/sub/%2e%2e/%2e%2e/outside.txt", "/%252e%252e/outside.txt", "/..%5coutside.txt", `/..\outside.txt`, "/..%00/outside.txt",
		"/../pb_data/data.db", "/%2e%2e/pb_data/data.db", "/..%2fpb_data%2fdata.db",
		outside, "/" + outside, "/%2f" + strings.TrimPrefix(outside, "/"), dataDB, "/" + dataDB,
		"/etc/passwd", "/%2fetc%2fpasswd", "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"http://" + f.S.Addr + "/../outside.txt",
	}
	for _, target := range targets {
		status, body := security.RawGET(t, f.S.Addr, target)
		for _, leak := range []string{security.OutsideFile, "SQLite format", "root:"} {
			if strings.Contains(body, leak) {
				t.Errorf("GET %s served a file outside pb_public (%d): %s", target, status, security.Trim(body))
			}
		}
		// Go's server itself refuses some raw targets with a plain 400; a
		// path without an extension gets the index page (SPA fallback).
		if status == 400 && !strings.HasPrefix(body, "{") || status == 200 && body == security.PublicIndex && path.Ext(target) == "" {
			continue
		}
		security.WantError(t, "GET "+target, status, []byte(body), 404, "File not found.", nil)
	}
}

func TestSecurityBodyLimit(t *testing.T) {
	t.Parallel()
	f := security.Start(t)
	before := f.IDs(t, "posts")
	tooLarge := func(what string, status int, body string) {
		t.Helper()
		security.WantError(t, what, status, []byte(body), 413, "Request entity too large.", nil)
	}

	// A declared length over the 32MB default is refused before reading.
	head := "POST /api/collections/posts/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
	status, body := security.Raw(t, f.S.Addr, head+"Content-Length: 40000000\r\n\r\n{\"title\":\"")
	tooLarge("declared 40MB", status, body)

	// A streamed (chunked) body is cut at the limit while it is read; the
	// body is generated, never held in memory.
	resp, raw := f.S.Do(http.MethodPost, "/api/collections/posts/records", security.StreamedJSON(33<<20), "")
	tooLarge("streamed 33MB", resp.StatusCode, string(raw))

	// $apis.bodyLimit(1024) on a JS route
	resp, raw = f.S.Do(http.MethodPost, "/sec/limited", strings.Repeat("x", 2048), "")
	tooLarge("JS route, 2KB", resp.StatusCode, string(raw))
	resp, raw = f.S.Do(http.MethodPost, "/sec/limited", `{"a":1}`, "")
	if resp.StatusCode != 200 || !strings.Contains(string(raw), `"keys":1`) {
		t.Errorf("JS route, small body: %d %s", resp.StatusCode, raw)
	}

	// the batch body limit of the settings, for a streamed body too
	f.Run(t, f.SuToken, []security.Case{{Name: "batch settings", Method: "PATCH", Path: "/api/settings",
		Body: map[string]any{"batch": map[string]any{"enabled": true, "maxRequests": 5, "maxBodySize": 1000}}, Status: 200, Total: -1}})
	batch := `{"requests":[{"method":"POST","url":"/api/collections/posts/records","body":{"title":"` + strings.Repeat("x", 2000) + `"}}]}`
	resp, raw = f.S.Do(http.MethodPost, "/api/batch", io.MultiReader(strings.NewReader(batch)), "")
	tooLarge("streamed batch over maxBodySize", resp.StatusCode, string(raw))
	status, body = security.Raw(t, f.S.Addr, "POST /api/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"+
		fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(batch), batch))
	tooLarge("batch over maxBodySize", status, body)

	if after := f.IDs(t, "posts"); after != before {
		t.Errorf("an oversized body created records: %s → %s", before, after)
	}
	resp, _ = f.S.Do(http.MethodGet, "/api/health", nil, "")
	if resp.StatusCode != 200 {
		t.Errorf("health after the oversized bodies: %d", resp.StatusCode)
	}
}

// securityTokenCase is a token and whether it must authenticate.
type securityTokenCase struct {
	name  string
	token string
	valid bool
}

func TestSecurityTokens(t *testing.T) {
	t.Parallel()
	f := security.Start(t)
	keys := f.ReadKeys(t, "users", f.UserId)
	suKeys := f.ReadKeys(t, "_superusers", f.SuperuserId(t))
	userKey := keys.TokenKey + keys.AuthSecret
	claims := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		c := keys.Claims(f.UserId)
		if edit != nil {
			edit(c)
		}
		return c
	}
	deletedId, deletedToken := f.DeletedUserToken(t)

	cases := []securityTokenCase{
		{"genuine", f.UserToken, true},
		{"genuine with Bearer", "Bearer " + f.UserToken, true},
		{"forged HS256 with the real key (control)", security.Sign(t, jwt.SigningMethodHS256, claims(nil), userKey), true},
		{"alg none", security.Unsigned(t, claims(nil)), false},
		{"alg none with Bearer", "Bearer " + security.Unsigned(t, claims(nil)), false},
		{"HS512 with the real key", security.Sign(t, jwt.SigningMethodHS512, claims(nil), userKey), false},
		{"HS384 with the real key", security.Sign(t, jwt.SigningMethodHS384, claims(nil), userKey), false},
		{"wrong key", security.Sign(t, jwt.SigningMethodHS256, claims(nil), "not-the-key"), false},
		{"secret without tokenKey", security.Sign(t, jwt.SigningMethodHS256, claims(nil), keys.AuthSecret), false},
		{"empty key", security.Sign(t, jwt.SigningMethodHS256, claims(nil), ""), false},
		{"expired", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() }), userKey), false},
		{"not yet valid", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(time.Hour).Unix() }), userKey), false},
		{"file token", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["type"] = "file" }), keys.TokenKey+keys.FileSecret), false},
		{"file type with the auth key", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["type"] = "file" }), userKey), false},
		{"verification token", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) {
			c["type"], c["email"] = "verification", f.UserEmail
		}), keys.TokenKey+keys.VerifySecret), false},
		{"another record's id", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["id"] = f.User2Id }), userKey), false},
		{"claims _superusers, user key", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["collectionId"] = suKeys.CollectionId }), userKey), false},
		{"superuser id in users, superuser key", security.Sign(t, jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["id"] = f.SuperuserId(t) }),
			suKeys.TokenKey+suKeys.AuthSecret), false},
		{"deleted record", deletedToken, false},
		{"garbage", "not.a.jwt", false},
		{"tampered payload", security.Tamper(t, f.UserToken, f.User2Id), false},
	}
	secrets := "/api/collections/secrets/records"
	for _, c := range cases {
		want := 0
		if c.valid {
			want = 1
		}
		if l := f.List(t, secrets, c.token); l.TotalItems != want {
			t.Errorf("%s: sees %d secrets, want %d", c.name, l.TotalItems, want)
		}
		resp, body := f.S.Do(http.MethodPost, "/api/collections/users/auth-refresh", nil, c.token)
		if c.valid {
			if resp.StatusCode != 200 {
				t.Errorf("%s: auth-refresh %d %s", c.name, resp.StatusCode, body)
			}
		} else {
			security.WantError(t, c.name+": auth-refresh", resp.StatusCode, body, 401, "The request requires valid record authorization token.", nil)
		}
		// not a superuser, whatever the token
		resp, body = f.S.Do(http.MethodGet, "/api/collections", nil, c.token)
		if c.valid {
			security.WantError(t, c.name+": collections", resp.StatusCode, body, 403, "The authorized record is not allowed to perform this action.", nil)
		} else {
			security.WantError(t, c.name+": collections", resp.StatusCode, body, 401, "The request requires valid record authorization token.", nil)
		}
	}
	if resp, body := f.S.Do(http.MethodGet, "/api/collections/users/records/"+deletedId, nil, f.SuToken); resp.StatusCode != 404 {
		t.Errorf("the deleted user still exists: %d %s", resp.StatusCode, body)
	}

	// An auth token is not a password reset or verification token.
	invalidToken := security.Data{"token": security.Code("validation_invalid_token", "Invalid or expired token.")}
	validation := "An error occurred while validating the submitted data."
	reset := map[string]any{"token": f.UserToken, "password": "pwned-123456", "passwordConfirm": "pwned-123456"}
	f.Run(t, "", []security.Case{
		{Name: "auth token as reset token", Method: "POST", Path: "/api/collections/users/confirm-password-reset", Body: reset, Status: 400, Message: validation, Data: invalidToken},
		{Name: "superuser token as reset token", Method: "POST", Path: "/api/collections/_superusers/confirm-password-reset",
			Body: map[string]any{"token": f.SuToken, "password": "pwned-123456", "passwordConfirm": "pwned-123456"}, Status: 400, Message: validation, Data: invalidToken},
		// an auth token carries no email claim, which confirm-verification checks first (as PocketBase)
		{Name: "auth token as verification token", Method: "POST", Path: "/api/collections/users/confirm-verification", Body: map[string]any{"token": f.UserToken}, Status: 400, Message: validation,
			Data: security.Data{"token": security.Code("validation_invalid_token_claims", "Missing email token claim.")}},
	})
	f.S.SuperuserToken(t)
	if resp, raw := f.S.Do(http.MethodPost, "/api/collections/users/auth-with-password", map[string]any{"identity": f.UserEmail, "password": security.UserPassword}, ""); resp.StatusCode != 200 {
		t.Errorf("the user's password changed: %d %s", resp.StatusCode, raw)
	}

	// A superuser token is for _superusers only.
	resp, body := f.S.Do(http.MethodPost, "/api/collections/users/auth-refresh", nil, f.SuToken)
	security.WantError(t, "superuser token on users auth-refresh", resp.StatusCode, body, 403, "The request requires auth record from _superusers collection.", nil)

	// A users token never passes the superuser-only routes.
	notAllowed := "The authorized record is not allowed to perform this action."
	onlySu := "Only superusers can perform this action."
	f.Run(t, f.UserToken, []security.Case{
		{Name: "collections list", Path: "/api/collections", Status: 403, Message: notAllowed},
		{Name: "collection view", Path: "/api/collections/users", Status: 403, Message: notAllowed},
		{Name: "collection create", Method: "POST", Path: "/api/collections", Body: map[string]any{"name": "x", "type": "base"}, Status: 403, Message: notAllowed},
		{Name: "collection update", Method: "PATCH", Path: "/api/collections/users", Body: map[string]any{"listRule": nil}, Status: 403, Message: notAllowed},
		{Name: "collection delete", Method: "DELETE", Path: "/api/collections/posts", Status: 403, Message: notAllowed},
		{Name: "collections import", Method: "PUT", Path: "/api/collections/import", Body: map[string]any{"collections": []any{}}, Status: 403, Message: notAllowed},
		{Name: "settings", Path: "/api/settings", Status: 403, Message: notAllowed},
		{Name: "settings update", Method: "PATCH", Path: "/api/settings", Body: map[string]any{"batch": map[string]any{"enabled": true}}, Status: 403, Message: notAllowed},
		{Name: "logs", Path: "/api/logs", Status: 403, Message: notAllowed},
		{Name: "logs stats", Path: "/api/logs/stats", Status: 403, Message: notAllowed},
		{Name: "crons", Path: "/api/crons", Status: 403, Message: notAllowed},
		{Name: "superusers list", Path: "/api/collections/_superusers/records", Status: 403, Message: onlySu},
		{Name: "superuser create", Method: "POST", Path: "/api/collections/_superusers/records",
			Body: map[string]any{"email": "evil@security.test", "password": "12345678901", "passwordConfirm": "12345678901"}, Status: 403, Message: onlySu},
		{Name: "impersonate", Method: "POST", Path: "/api/collections/users/impersonate/" + f.User2Id, Body: map[string]any{}, Status: 403, Message: notAllowed},
	}, f.S.SuperuserEmail)
}

func TestSecurityRules(t *testing.T) {
	t.Parallel()
	f := security.Start(t)
	secrets, posts, users := "/api/collections/secrets/records", "/api/collections/posts/records", "/api/collections/users/records"
	notFound := "The requested resource wasn't found."
	guestMarkers := []string{security.SecretCode, security.HiddenNote, f.UserEmail, f.User2Email}

	// what an authenticated user sees through the same paths (control)
	if l := f.List(t, security.Query(posts, "expand", "secret"), f.UserToken); !strings.Contains(fmt.Sprint(l.Items), security.SecretCode) ||
		strings.Contains(fmt.Sprint(l.Items), security.HiddenNote) {
		t.Fatalf("a user sees the expanded secret without its hidden field: %+v", l)
	}
	f.Run(t, f.UserToken, []security.Case{
		{Name: "list", Path: secrets, Status: 200, Total: 1},
		{Name: "relation filter", Path: security.Query(posts, "filter", "secret.code='"+security.SecretCode+"'"), Status: 200, Total: 1},
		{Name: "hidden field of a relation", Path: security.Query(posts, "filter", "secret.hiddenNote!=''"), Status: 400, Message: security.MsgGeneric400},
		{Name: "hidden field", Path: security.Query(secrets, "filter", "hiddenNote!=''"), Status: 400, Message: security.MsgGeneric400},
		{Name: "hidden field sort", Path: security.Query(secrets, "sort", "hiddenNote"), Status: 400, Message: security.MsgGeneric400},
		{Name: "hidden field asked for", Path: security.Query(secrets, "fields", "id,code,hiddenNote"), Status: 200, Total: 1},
		{Name: "another user's hidden email", Path: security.Query(users, "filter", "email="+security.JSONString(f.User2Email)), Status: 200, Total: 0},
	}, security.HiddenNote, f.User2Email)

	f.Run(t, "", []security.Case{
		{Name: "list", Path: secrets, Status: 200, Total: 0},
		{Name: "list with a filter", Path: security.Query(secrets, "filter", "code~'TOP' || id!=''"), Status: 200, Total: 0},
		{Name: "view", Path: secrets + "/" + f.SecretId, Status: 404, Message: notFound},
		{Name: "update", Method: "PATCH", Path: secrets + "/" + f.SecretId, Body: map[string]any{"code": "x"}, Status: 404, Message: notFound},
		{Name: "delete", Method: "DELETE", Path: secrets + "/" + f.SecretId, Status: 404, Message: notFound},
		{Name: "create", Method: "POST", Path: secrets, Body: map[string]any{"code": "x"}, Status: 400, Message: "Failed to create record."},
		{Name: "expand on list", Path: security.Query(posts, "expand", "secret"), Status: 200, Total: 1},
		{Name: "expand on view", Path: security.Query(posts+"/"+f.PostId, "expand", "secret,author"), Status: 200, Total: -1},
		{Name: "back-relation expand", Path: security.Query(users+"/"+f.UserId, "expand", "posts_via_author.secret"), Status: 200, Total: -1},
		{Name: "relation filter", Path: security.Query(posts, "filter", "secret.code='"+security.SecretCode+"'"), Status: 200, Total: 0},
		{Name: "relation filter prefix", Path: security.Query(posts, "filter", "secret.code~'TOP%'"), Status: 200, Total: 0},
		{Name: "relation filter any", Path: security.Query(posts, "filter", "secret.id!='' && secret.code!=''"), Status: 200, Total: 0},
		{Name: "relation filter after a back-relation", Path: security.Query(users, "filter", "posts_via_author.secret.code~'TOP'"), Status: 200, Total: 0},
		{Name: "relation sort", Path: security.Query(posts, "sort", "secret.code"), Status: 200, Total: 1},
		{Name: "password", Path: security.Query(users, "filter", "password!=''"), Status: 400, Message: security.MsgGeneric400},
		{Name: "password prefix", Path: security.Query(users, "filter", "password~'$2a$%'"), Status: 400, Message: security.MsgGeneric400},
		{Name: "tokenKey", Path: security.Query(users, "filter", "tokenKey:lower!=''"), Status: 400, Message: security.MsgGeneric400},
		{Name: "password sort", Path: security.Query(users, "sort", "-password"), Status: 400, Message: security.MsgGeneric400},
		{Name: "hidden email", Path: security.Query(users, "filter", "email~'security.test'"), Status: 200, Total: 0},
		{Name: "hidden email through a relation", Path: security.Query(posts, "filter", "author.email~'user1'"), Status: 200, Total: 0},
		{Name: "password through a relation", Path: security.Query(posts, "filter", "author.password!=''"), Status: 400, Message: security.MsgGeneric400},
		{Name: "tokenKey through a relation", Path: security.Query(posts, "filter", "author.tokenKey!=''"), Status: 400, Message: security.MsgGeneric400},
		{Name: "@collection", Path: security.Query(posts, "filter", "@collection.secrets.code!=''"), Status: 403, Message: "Only superusers can filter by '@collection.'."},
		{Name: "@request", Path: security.Query(posts, "filter", "@request.auth.id=''"), Status: 403, Message: "Only superusers can filter by '@request.'."},
	}, guestMarkers...)

	// expand honours a superusers-only view rule of the related collection
	f.Run(t, f.SuToken, []security.Case{{Name: "lock users", Method: "PATCH", Path: "/api/collections/users",
		Body: map[string]any{"viewRule": nil, "listRule": nil}, Status: 200, Total: -1}})
	// and a client filter cannot go through a superusers-only collection
	f.Run(t, f.UserToken, []security.Case{
		{Name: "filter through a locked collection", Path: security.Query(posts, "filter", "author.name!=''"), Status: 400, Message: security.MsgGeneric400},
		{Name: "sort through a locked collection", Path: security.Query(posts, "sort", "author.name"), Status: 400, Message: security.MsgGeneric400},
		{Name: "stored id of a locked relation", Path: security.Query(posts, "filter", "author.id="+security.JSONString(f.UserId)), Status: 200, Total: 1},
	})
	for _, token := range []string{"", f.UserToken} {
		for _, path := range []string{security.Query(posts, "expand", "author"), security.Query(posts+"/"+f.PostId, "expand", "author,secret.posts_via_secret")} {
			if resp, raw := f.S.Do(http.MethodGet, path, nil, token); resp.StatusCode != 200 || strings.Contains(string(raw), `"author":{`) {
				t.Errorf("GET %s: expanded a superusers-only relation: %d %s", path, resp.StatusCode, raw)
			}
		}
	}

	// batch runs each sub-request with the rules of its route
	f.Run(t, f.SuToken, []security.Case{{Name: "enable batch", Method: "PATCH", Path: "/api/settings",
		Body: map[string]any{"batch": map[string]any{"enabled": true, "maxRequests": 10}}, Status: 200, Total: -1}})
	before := f.Snapshot(t)
	subFailed := func(status int, message string) security.Case {
		return security.Case{Status: 400, Message: "Batch transaction failed.", Data: security.Data{"requests": map[string]any{"1": map[string]any{
			"code": "batch_request_failed", "message": "Batch request failed.",
			"response": map[string]any{"status": float64(status), "message": message, "data": map[string]any{}}}}}}
	}
	createPost := map[string]any{"method": "POST", "url": "/api/collections/posts/records", "body": map[string]any{"title": "batched"}}
	var batches []security.Case
	for _, sub := range []struct {
		req     map[string]any
		status  int
		message string
	}{
		{map[string]any{"method": "POST", "url": "/api/collections/secrets/records", "body": map[string]any{"code": "x"}}, 400, "Failed to create record."},
		{map[string]any{"method": "PATCH", "url": "/api/collections/secrets/records/" + f.SecretId, "body": map[string]any{"code": "x"}}, 404, notFound},
		{map[string]any{"method": "DELETE", "url": "/api/collections/secrets/records/" + f.SecretId}, 404, notFound},
		{map[string]any{"method": "DELETE", "url": "/api/collections/secrets/records/" + f.SecretId, "headers": map[string]any{"Authorization": "forged"}}, 404, notFound},
	} {
		c := subFailed(sub.status, sub.message)
		c.Name, c.Method, c.Path = fmt.Sprintf("batch %s %s", sub.req["method"], sub.req["url"]), "POST", "/api/batch"
		c.Body = map[string]any{"requests": []any{createPost, sub.req}}
		batches = append(batches, c)
	}
	f.Run(t, "", batches, guestMarkers...)
	resp, raw := f.S.Do(http.MethodPost, "/api/batch", map[string]any{"requests": []any{
		map[string]any{"method": "POST", "url": "/api/collections/posts/records?expand=secret", "body": map[string]any{"title": "b", "secret": f.SecretId}},
		map[string]any{"method": "PATCH", "url": "/api/collections/posts/records/" + f.PostId + "?expand=secret,author", "body": map[string]any{"n": 2}},
	}}, "")
	security.NoLeak(t, "batch expand", raw, guestMarkers...)
	if resp.StatusCode != 200 || strings.Contains(string(raw), `"secret":{`) {
		t.Errorf("batch expand: %d %s", resp.StatusCode, raw)
	}
	// only the last batch wrote (one new post, one updated); the secrets are intact
	after := f.Snapshot(t)
	if strings.SplitN(after, " ", 2)[1] != strings.SplitN(before, " ", 2)[1] {
		t.Errorf("a failed batch changed data:\nbefore %s\nafter  %s", before, after)
	}
	if l := f.List(t, security.Query(posts, "filter", "title='batched'"), f.SuToken); l.TotalItems != 0 {
		t.Errorf("a failed batch left its first write: %+v", l)
	}
}
