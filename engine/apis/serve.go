package apis

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/acme/autocert"
)

// ServeConfig configures Serve.
type ServeConfig struct {
	HttpAddr  string
	HttpsAddr string
	// CertificateDomains limits the Let's Encrypt certificates to these
	// hosts (the `serve yourdomain.com` arguments).
	CertificateDomains []string
	AllowedOrigins     []string
	PublicDir          string
	IndexFallback      bool
	ShowStartBanner    bool
	// ShutdownTimeout bounds how long in-flight requests may take to finish.
	ShutdownTimeout time.Duration
}

// NewServer builds the HTTP handler: echo with the built-in routes and
// whatever OnServe handlers add. It fires OnServe; the returned
// *http.Server is not started yet.
func NewServer(app *core.App, config ServeConfig) (*http.Server, error) {
	server, _, err := newServer(app, config)
	return server, err
}

// newServer is NewServer that also returns the triggered ServeEvent, whose
// InstallerFunc (set or cleared by OnServe handlers) Serve runs once listening.
func newServer(app *core.App, config ServeConfig) (*http.Server, *core.ServeEvent, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(app)
	e.Use(recoverMiddleware(app), corsMiddleware(config.AllowedOrigins), bodyLimitMiddleware(app, DefaultMaxBodySize))

	r := NewRouter(app)
	r.Use(loadAuthToken())
	BindDefaultRoutes(r)
	bindDashboard(r)
	bindInstallerCleanup(app)

	server := &http.Server{
		Addr:              config.HttpAddr,
		Handler:           e,
		ReadHeaderTimeout: 30 * time.Second,
	}
	// hijacked SSE streams are not tracked by http.Server: end them on
	// shutdown so that Shutdown does not leave them open
	server.RegisterOnShutdown(func() { closeRealtimeClients(app) })
	// visitor stats are aggregated in memory and saved every few seconds
	stopAnalytics := make(chan struct{})
	go runAnalyticsFlusher(app, 5*time.Second, stopAnalytics)
	server.RegisterOnShutdown(func() { close(stopAnalytics) })
	event := &core.ServeEvent{App: app, Router: r, Server: server, InstallerFunc: DefaultInstallerFunc}
	err := app.OnServe().Trigger(event, func(se *core.ServeEvent) error {
		if config.PublicDir != "" {
			r.GET("/{path...}", StaticDirectoryHandler(os.DirFS(config.PublicDir), config.IndexFallback)).Bind(analyticsMiddleware())
		}
		r.Mount(e)
		return se.Next()
	})
	if err != nil {
		return nil, nil, err
	}
	// outermost, so JS routes and every middleware run inside the gate
	server.Handler = withRequestEntry(app, server.Handler)
	return server, event, nil
}

// BindDefaultRoutes registers the built-in Web API routes.
func BindDefaultRoutes(r *Router) {
	bindHealthApi(r)
	bindCronsApi(r)
	bindRecordAuthApi(r)
	bindSettingsApi(r)
	bindLogsApi(r)
	bindBatchApi(r)
	bindRateLimit(r)
	bindRecordCrudApi(r)
	bindCollectionApi(r)
	bindRealtimeApi(r)
	bindFileApi(r)
	bindBackupApi(r)
	bindMetricsApi(r)
	bindOpenAPI(r)
	bindAnalyticsApi(r)
}

// Serve runs the server until ctx is done (e.g. SIGINT/SIGTERM), then
// stops accepting connections, lets in-flight requests finish and
// terminates the app. With an HTTPS address the API is served over TLS
// with Let's Encrypt certificates for config.CertificateDomains, and the
// HTTP address only answers ACME challenges and redirects to HTTPS.
func Serve(ctx context.Context, app *core.App, config ServeConfig) error {
	if config.HttpAddr == "" {
		config.HttpAddr = "127.0.0.1:8090"
	}
	if config.ShutdownTimeout <= 0 {
		config.ShutdownTimeout = 30 * time.Second
	}
	server, serveEvent, err := newServer(app, config)
	if err != nil {
		return err
	}

	servers := []*http.Server{server}
	var listener net.Listener
	scheme := "http"
	if config.HttpsAddr != "" {
		scheme = "https"
		certs := &autocert.Manager{
			Prompt: autocert.AcceptTOS,
			Cache:  autocert.DirCache(filepath.Join(app.DataDir(), ".autocert_cache")),
		}
		if len(config.CertificateDomains) > 0 {
			certs.HostPolicy = autocert.HostWhitelist(config.CertificateDomains...)
		}
		server.TLSConfig = certs.TLSConfig()
		tcp, err := net.Listen("tcp", config.HttpsAddr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", config.HttpsAddr, err)
		}
		listener = tls.NewListener(tcp, server.TLSConfig)

		redirect := &http.Server{Addr: config.HttpAddr, Handler: certs.HTTPHandler(nil), ReadHeaderTimeout: 30 * time.Second}
		plain, err := net.Listen("tcp", config.HttpAddr)
		if err != nil {
			tcp.Close()
			return fmt.Errorf("listen on %s: %w", config.HttpAddr, err)
		}
		servers = append(servers, redirect)
		go func() { _ = redirect.Serve(plain) }()
	} else {
		listener, err = net.Listen("tcp", config.HttpAddr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", config.HttpAddr, err)
		}
	}

	baseURL := scheme + "://" + listener.Addr().String()
	if config.ShowStartBanner {
		fmt.Printf("Server started at %s\n├─ REST API:  %s/api/\n└─ Dashboard: %s/_/\n", baseURL, baseURL, baseURL)
	}
	if err := loadInstaller(app, baseURL, serveEvent.InstallerFunc); err != nil {
		app.Logger().Warn("installer link not created", "error", err)
	}
	app.Cron().Start()

	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(listener) }()

	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			_ = app.Terminate(false)
			return err
		}
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), config.ShutdownTimeout)
		defer cancel()
		for _, s := range servers {
			if err := s.Shutdown(shutdownCtx); err != nil {
				app.Logger().Warn("graceful shutdown timed out", "error", err)
			}
		}
	}
	return app.Terminate(false)
}

// StaticDirectoryHandler serves files of fsys at the route's {path...};
// with indexFallback, a missing path without an extension answers
// index.html (single page apps). Paths never leave fsys.
func StaticDirectoryHandler(fsys fs.FS, indexFallback bool) func(e *core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		name := strings.TrimPrefix(path.Clean("/"+e.Request.PathValue("path")), "/")
		if name == "" {
			name = "index.html"
		}
		if st, err := fs.Stat(fsys, name); err == nil && st.IsDir() {
			name = path.Join(name, "index.html")
		}
		if _, err := fs.Stat(fsys, name); err != nil {
			if indexFallback && path.Ext(name) == "" {
				name = "index.html"
			} else {
				return router.NewNotFoundError("File not found.", nil)
			}
		}
		if err := e.FileFS(fsys, name); err != nil {
			return router.NewNotFoundError("File not found.", nil)
		}
		return nil
	}
}
