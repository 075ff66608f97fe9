package cli

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/migrations"
	"github.com/spf13/cobra"
)

// newMigrateCommand is `migrate up|down [n]|create NAME|collections|history-sync`.
func newMigrateCommand(flags *globalFlags) *cobra.Command {
	migrationsDir := flags.migrationsDirOrDefault
	// load bootstraps the app (pb_hooks loaded, so their onBootstrap and
	// model hooks fire during the migrations) and registers the JS
	// migrations of the dir. The caller closes the app.
	load := func(cmd *cobra.Command) (*commandApp, error) {
		app, err := flags.newApp(cmd, appOptions{})
		if err != nil {
			return nil, err
		}
		if _, err = migrations.RegisterJS(core.AppMigrations, migrations.JSOptions{Dir: migrationsDir(), Logger: app.Logger()}); err != nil {
			return nil, errors.Join(err, app.close())
		}
		return app, nil
	}

	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Executes app DB migration scripts",
	}

	up := &cobra.Command{
		Use:   "up",
		Short: "Runs all available migrations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			app, err := load(cmd)
			if err != nil {
				return err
			}
			defer app.close()
			// the progress rows reach _logs before the databases close
			defer app.LogsWriter().Flush()
			applied, err := core.NewMigrationsRunner(app.App, core.AppMigrations).Up()
			if err != nil {
				return err
			}
			if len(applied) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "No new migrations to apply.")
			}
			for _, f := range applied {
				fmt.Fprintln(cmd.OutOrStdout(), "Applied "+f)
			}
			return nil
		},
	}

	down := &cobra.Command{
		Use:   "down [number]",
		Short: "Reverts the last [number] applied migrations (default 1)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 1
			if len(args) == 1 {
				v, err := strconv.Atoi(args[0])
				if err != nil || v < 1 {
					return fmt.Errorf("invalid number of migrations to revert: %q", args[0])
				}
				n = v
			}
			app, err := load(cmd)
			if err != nil {
				return err
			}
			defer app.close()
			reverted, err := core.NewMigrationsRunner(app.App, core.AppMigrations).Down(n)
			if err != nil {
				return err
			}
			if len(reverted) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "No migrations to revert.")
			}
			for _, f := range reverted {
				fmt.Fprintln(cmd.OutOrStdout(), "Reverted "+f)
			}
			return nil
		},
	}

	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Creates a new blank migration template file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := migrations.WriteFile(migrationsDir(), time.Now(), args[0], migrations.BlankTemplate)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "Successfully created file "+path)
			return nil
		},
	}

	collections := &cobra.Command{
		Use:   "collections",
		Short: "Creates a new migration file with a snapshot of the local collections configuration",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			app, err := flags.newApp(cmd, appOptions{})
			if err != nil {
				return err
			}
			defer app.close()
			all, err := app.FindAllCollections()
			if err != nil {
				return err
			}
			var user []*core.Collection
			for _, c := range all {
				if !c.System {
					user = append(user, c)
				}
			}
			sort.SliceStable(user, func(i, j int) bool { return user[i].Name < user[j].Name })
			content, err := migrations.SnapshotTemplate(user)
			if err != nil {
				return err
			}
			path, err := migrations.WriteFile(migrationsDir(), time.Now(), "collections_snapshot", content)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "Successfully created file "+path)
			return nil
		},
	}

	historySync := &cobra.Command{
		Use:   "history-sync",
		Short: "Ensures that the _migrations history table doesn't have references to deleted migration files",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			app, err := load(cmd)
			if err != nil {
				return err
			}
			defer app.close()
			removed, err := migrations.HistorySync(app.App, core.AppMigrations)
			if err != nil {
				return err
			}
			sort.Strings(removed)
			for _, f := range removed {
				fmt.Fprintln(cmd.OutOrStdout(), "Removed "+f+" from the history")
			}
			fmt.Fprintln(cmd.OutOrStdout(), "The _migrations history table was synced.")
			return nil
		},
	}

	cmd.AddCommand(up, down, create, collections, historySync)
	return cmd
}
