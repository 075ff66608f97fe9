package apis

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hookbase/hookbase/engine/core"
)

func newInstallerTestApp(t *testing.T) (*core.App, *httptest.Server) {
	t.Helper()
	app := core.New(core.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	server, err := NewServer(app, ServeConfig{})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	srv := httptest.NewServer(server.Handler)
	t.Cleanup(func() {
		srv.Close()
		_ = app.ResetBootstrapState()
	})
	return app, srv
}

// The installer token is a superuser token that creates the first real
// superuser; that deletes the installer, which kills the token.
func TestInstallerTokenCreatesFirstSuperuserOnce(t *testing.T) {
	app, srv := newInstallerTestApp(t)
	var token string
	err := loadInstaller(app, srv.URL, func(_ *core.App, su *core.Record, baseURL string) error {
		var err error
		token, err = su.NewStaticAuthToken(InstallerTokenDuration)
		return err
	})
	if err != nil || token == "" {
		t.Fatalf("installer: %v", err)
	}

	create := func() int {
		body := `{"email":"first@example.com","password":"a-long-password","passwordConfirm":"a-long-password"}`
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/collections/_superusers/records", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := create(); got != http.StatusOK {
		t.Fatalf("create with installer token: %d", got)
	}
	if _, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, InstallerEmail); err == nil {
		t.Fatal("installer superuser still exists")
	}
	if got := create(); got != http.StatusUnauthorized && got != http.StatusForbidden {
		t.Fatalf("installer token still works: %d", got)
	}

	// With a real superuser, serve prints no link.
	called := false
	if err := loadInstaller(app, srv.URL, func(*core.App, *core.Record, string) error { called = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if called {
		t.Fatal("installer ran although a superuser exists")
	}
}

func TestDashboardIsServedAtUnderscore(t *testing.T) {
	_, srv := newInstallerTestApp(t)
	res, err := http.Get(srv.URL + "/_/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `<div id="app">`) {
		t.Fatalf("/_/: %d %.200s", res.StatusCode, body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Fatalf("index Cache-Control: %q", cc)
	}
	start := strings.Index(string(body), "/_/assets/")
	end := strings.Index(string(body)[start:], `"`)
	res, err = http.Get(srv.URL + string(body)[start:start+end])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	// The API docs page's real path (and any extension-less deep link)
	// loads the dashboard; a missing asset is still a 404.
	for path, want := range map[string]int{"/_/docs": 200, "/_/docs/": 200, "/_/assets/missing.js": 404} {
		res, err = http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want || (want == 200 && !strings.Contains(string(body), `<div id="app">`)) {
			t.Fatalf("%s: %d %.200s", path, res.StatusCode, body)
		}
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err = client.Get(srv.URL + "/_")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/_/" {
		t.Fatalf("/_: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}
