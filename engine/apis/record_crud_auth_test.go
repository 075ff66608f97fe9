package apis_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
)

func TestRecordAuthSignupAndForm(t *testing.T) {
	env := newRCEnv(t)
	cases := []struct {
		name  string
		body  map[string]any
		field string
		code  string
	}{
		{"mismatch", map[string]any{"email": "a@x.io", "password": "1234567890", "passwordConfirm": "nope12345"}, "passwordConfirm", "validation_values_mismatch"},
		{"missing confirm", map[string]any{"email": "a@x.io", "password": "1234567890"}, "passwordConfirm", "validation_required"},
		{"guest verified", map[string]any{"email": "a@x.io", "password": "1234567890", "passwordConfirm": "1234567890", "verified": true}, "verified", "validation_values_mismatch"},
	}
	for _, tc := range cases {
		status, body := env.do("POST", "/api/collections/users/records", "", tc.body)
		if status != 400 || jsonPath(body, "data."+tc.field+".code") != tc.code || jsonPath(body, "message") != "Failed to create record." {
			t.Fatalf("%s: %d %v", tc.name, status, body)
		}
	}

	status, body := env.do("POST", "/api/collections/users/records", "", map[string]any{
		"email": "new@x.io", "password": "1234567890", "passwordConfirm": "1234567890", "name": "New", "tokenKey": "mine-mine-mine-mine-mine-mine-mine",
	})
	if status != 200 || jsonPath(body, "name") != "New" || jsonPath(body, "verified") != false {
		t.Fatalf("signup: %d %v", status, body)
	}
	if _, ok := body.(map[string]any)["email"]; ok {
		t.Fatalf("a guest must not see a hidden email: %v", body)
	}
	id := jsonPath(body, "id").(string)
	rec, err := env.app.FindRecordById("users", id)
	if err != nil || !rec.ValidatePassword("1234567890") || rec.TokenKey() == "mine-mine-mine-mine-mine-mine-mine" {
		t.Fatalf("stored signup wrong: %v", err)
	}

	// updates by the owner: email changes need manage access, password needs oldPassword
	path := "/api/collections/users/records/" + env.u1.Id
	status, body = env.do("PATCH", path, env.u1Tok, map[string]any{"email": "changed@x.io"})
	if status != 400 || jsonPath(body, "data.email.code") != "validation_values_mismatch" {
		t.Fatalf("owner email change: %d %v", status, body)
	}
	status, body = env.do("PATCH", path, env.u1Tok, map[string]any{"password": "abcdefghij", "passwordConfirm": "abcdefghij"})
	if status != 400 || jsonPath(body, "data.oldPassword.code") != "validation_required" {
		t.Fatalf("password without old: %d %v", status, body)
	}
	status, body = env.do("PATCH", path, env.u1Tok, map[string]any{"password": "abcdefghij", "passwordConfirm": "abcdefghij", "oldPassword": "1234567890"})
	if status != 200 {
		t.Fatalf("password change: %d %v", status, body)
	}
	// the old token is invalid now: u1 is a guest and the owner rule fails
	status, _ = env.do("GET", path, env.u1Tok, nil)
	if status != 404 {
		t.Fatalf("old token still works after a password change: %d", status)
	}

	// a manageRule lets u2 change u1's email and verified flag
	status, _ = env.do("PATCH", "/api/collections/users", env.suTok, map[string]any{"manageRule": "@request.auth.id = '" + env.u2.Id + "'", "updateRule": "@request.auth.id != ''"})
	if status != 200 {
		t.Fatalf("set manageRule: %d", status)
	}
	status, body = env.do("PATCH", path, env.u2Tok, map[string]any{"email": "managed@x.io", "verified": true, "password": "zzzzzzzzzz", "passwordConfirm": "zzzzzzzzzz"})
	if status != 200 || jsonPath(body, "email") != "managed@x.io" || jsonPath(body, "verified") != true {
		t.Fatalf("manager update: %d %v", status, body)
	}
}

func TestRecordMultipartAndJSONPayload(t *testing.T) {
	env := newRCEnv(t)
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("title", "from form")
	_ = w.WriteField("cats", "a")
	_ = w.WriteField("cats", "b")
	_ = w.WriteField("@jsonPayload", `{"n": 42}`)
	_ = w.Close()
	req, _ := http.NewRequest("POST", env.srv.URL+"/api/collections/posts/records", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	status, body := env.send(req)
	if status != 200 || jsonPath(body, "title") != "from form" || jsonPath(body, "n") != float64(42) || jsonPath(body, "cats.1") != "b" {
		t.Fatalf("multipart create: %d %v", status, body)
	}
}

func TestRecordExpand(t *testing.T) {
	env := newRCEnv(t)
	tag := env.createRecord("tags", map[string]any{"label": "go"})
	post := env.createRecord("posts", map[string]any{"title": "p", "author": env.u1.Id, "tags": []string{tag["id"].(string)}})
	id := post["id"].(string)

	// users' viewRule is owner-only: a guest gets the tags but not the author
	q := "?expand=" + url.QueryEscape("author,tags,nope")
	_, body := env.do("GET", "/api/collections/posts/records/"+id+q, "", nil)
	if jsonPath(body, "expand.tags.0.label") != "go" {
		t.Fatalf("tags not expanded: %v", body)
	}
	if jsonPath(body, "expand.author") != nil || jsonPath(body, "expand.nope") != nil {
		t.Fatalf("guest must not see the author: %v", body)
	}
	_, body = env.do("GET", "/api/collections/posts/records/"+id+q, env.u1Tok, nil)
	if jsonPath(body, "expand.author.name") != "User One" || jsonPath(body, "expand.author.email") != "u1@example.com" {
		t.Fatalf("owner should see the expanded author with email: %v", body)
	}
	_, body = env.do("GET", "/api/collections/posts/records"+q+"&fields="+url.QueryEscape("id,expand.tags.label"), env.u1Tok, nil)
	item := jsonPath(body, "items.0").(map[string]any)
	if len(item) != 2 || jsonPath(item, "expand.tags.0.label") != "go" || jsonPath(item, "expand.tags.0.id") != nil || jsonPath(item, "expand.author") != nil {
		t.Fatalf("fields with expand: %v", item)
	}
	// back-relation from tags
	_, body = env.do("GET", "/api/collections/tags/records/"+tag["id"].(string)+"?expand=posts_via_tags", "", nil)
	if jsonPath(body, "expand.posts_via_tags.0.id") != id {
		t.Fatalf("back-relation expand: %v", body)
	}
}
