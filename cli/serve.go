package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hookbase/hookbase/engine/apis"
	"github.com/spf13/cobra"
)

func newServeCommand(flags *globalFlags) *cobra.Command {
	var (
		httpAddr, httpsAddr string
		origins             []string
		publicDir           string
		indexFallback       bool
	)
	cmd := &cobra.Command{
		Use:   "serve [domain(s)]",
		Short: "Starts the web server (default 127.0.0.1:8090)",
		RunE: func(cmd *cobra.Command, args []string) error {
			cmdApp, err := flags.newApp(cmd, appOptions{serve: true, origins: origins})
			if err != nil {
				return err
			}
			defer cmdApp.js.Close()
			app := cmdApp.App
			if err := attachMigrations(flags, app); err != nil {
				return err
			}
			if _, err := app.RunAppMigrations(); err != nil {
				return err
			}
			if publicDir == "" {
				publicDir = flags.siblingDir("pb_public")
			}
			if st, err := os.Stat(publicDir); err != nil || !st.IsDir() {
				publicDir = ""
			}
			// `serve yourdomain.com` serves HTTPS on :443 with Let's Encrypt
			// and answers ACME challenges/redirects on :80, as PocketBase.
			if len(args) > 0 {
				if !cmd.Flags().Changed("http") {
					httpAddr = "0.0.0.0:80"
				}
				if !cmd.Flags().Changed("https") {
					httpsAddr = "0.0.0.0:443"
				}
			}
			releaseStartupMemory()
			defer startProfiling()()
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return apis.Serve(ctx, app, apis.ServeConfig{
				HttpAddr:           httpAddr,
				HttpsAddr:          httpsAddr,
				CertificateDomains: args,
				AllowedOrigins:     origins,
				PublicDir:          publicDir,
				IndexFallback:      indexFallback,
				ShowStartBanner:    true,
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&httpAddr, "http", "127.0.0.1:8090", "TCP address to listen for HTTP")
	f.StringVar(&httpsAddr, "https", "", "TCP address to listen for HTTPS with Let's Encrypt certificates (default 0.0.0.0:443 when domains are given)")
	f.StringSliceVar(&origins, "origins", []string{"*"}, "CORS allowed domain origins list")
	f.StringVar(&publicDir, "publicDir", "", "the directory to serve static files (default pb_data/../pb_public)")
	f.BoolVar(&indexFallback, "indexFallback", true, "fallback to index.html on missing static path (SPA pretty urls)")
	return cmd
}
