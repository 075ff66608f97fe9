package apis

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// With an HTTPS address, the HTTP address only redirects to HTTPS (and
// would answer ACME challenges); certificates themselves need the internet.
func TestServeHTTPSRedirectsPlainHTTPAndShutsDown(t *testing.T) {
	app := core.New(core.Config{DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	httpAddr, httpsAddr := freeAddr(t), freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, app, ServeConfig{HttpAddr: httpAddr, HttpsAddr: httpsAddr, CertificateDomains: []string{"example.test"}})
	}()

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var resp *http.Response
	var err error
	for i := 0; i < 50; i++ {
		if resp, err = client.Get("http://" + httpAddr + "/api/health"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(resp.Header.Get("Location"), "https://") {
		t.Fatalf("plain HTTP answered %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if c, err := net.Dial("tcp", httpsAddr); err != nil {
		t.Fatalf("the HTTPS address does not listen: %v", err)
	} else {
		c.Close()
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
