// Package cli holds hookbase's commands; cmd/hookbase only runs them.
package cli

import (
	"path/filepath"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X …/cli.Version=…".
var Version = "0.1.0-dev"

// globalFlags are the flags every command shares (as in PocketBase).
type globalFlags struct {
	dataDir       string
	dev           bool
	encryptionEnv string
	queryTimeout  int
	// migrationsDir and automigrate are root flags, as in PocketBase, so
	// that every command (serve, migrate, superuser) accepts them.
	migrationsDir string
	automigrate   bool
	hooks         hooksFlags
}

// NewRootCommand returns the `hookbase` command with its subcommands.
func NewRootCommand() *cobra.Command {
	flags := &globalFlags{}
	root := &cobra.Command{
		Use:               "hookbase",
		Short:             "hookbase: a PocketBase-compatible backend in one binary, extended with JS hooks",
		Version:           Version,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&flags.dataDir, "dir", "pb_data", "the data directory (data.db, auxiliary.db, storage/)")
	pf.BoolVar(&flags.dev, "dev", false, "development mode: verbose logs and error details in responses")
	pf.StringVar(&flags.encryptionEnv, "encryptionEnv", "", "name of the env variable whose 32-char value encrypts the stored settings")
	pf.IntVar(&flags.queryTimeout, "queryTimeout", 30, "the default SELECT query timeout in seconds")
	pf.StringVar(&flags.migrationsDir, "migrationsDir", "", "the directory with the user defined migrations (default pb_data/../pb_migrations)")
	pf.BoolVar(&flags.automigrate, "automigrate", true, "write a migration file for every collection change made through the Web API")
	flags.hooks.register(pf)

	root.AddCommand(newServeCommand(flags), newSuperuserCommand(flags), newMigrateCommand(flags))
	return root
}

// newUnbootstrappedApp creates the app from the global flags; newApp binds
// the JS VM to it before bootstrapping so that onBootstrap handlers run.
func (f *globalFlags) newUnbootstrappedApp() *core.App {
	return core.New(core.Config{
		DataDir:       f.dataDir,
		IsDev:         f.dev,
		EncryptionEnv: f.encryptionEnv,
		QueryTimeout:  time.Duration(f.queryTimeout) * time.Second,
	})
}

// migrationsDirOrDefault is --migrationsDir or pb_data/../pb_migrations.
func (f *globalFlags) migrationsDirOrDefault() string {
	if f.migrationsDir != "" {
		return f.migrationsDir
	}
	return f.siblingDir("pb_migrations")
}

// siblingDir is a directory next to the data dir (pb_hooks, pb_public…).
func (f *globalFlags) siblingDir(name string) string {
	abs, err := filepath.Abs(f.dataDir)
	if err != nil {
		abs = f.dataDir
	}
	return filepath.Join(filepath.Dir(abs), name)
}
