package cli

import (
	"database/sql"
	"errors"
	"fmt"
	"net/mail"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/security"
	"github.com/spf13/cobra"
)

func newSuperuserCommand(flags *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "superuser", Short: "Manages superusers"}

	withApp := func(fn func(app *core.App, args []string) error) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			app, err := flags.newApp(cmd, appOptions{})
			if err != nil {
				return err
			}
			defer app.close()
			return fn(app.App, args)
		}
	}

	cmd.AddCommand(
		&cobra.Command{
			Use: "create EMAIL PASS", Short: "Creates a new superuser", Args: cobra.ExactArgs(2),
			RunE: withApp(func(app *core.App, args []string) error {
				if err := checkEmail(args[0]); err != nil {
					return err
				}
				su, err := newSuperuser(app, args[0], args[1])
				if err != nil {
					return err
				}
				fmt.Printf("Successfully created new superuser %q!\n", su.Email())
				return nil
			}),
		},
		&cobra.Command{
			Use: "upsert EMAIL PASS", Short: "Creates, or updates the password of, a superuser", Args: cobra.ExactArgs(2),
			RunE: withApp(func(app *core.App, args []string) error {
				if err := checkEmail(args[0]); err != nil {
					return err
				}
				su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, args[0])
				if errors.Is(err, sql.ErrNoRows) {
					if _, err := newSuperuser(app, args[0], args[1]); err != nil {
						return err
					}
				} else if err != nil {
					return err
				} else {
					su.SetPassword(args[1])
					if err := app.Save(su); err != nil {
						return err
					}
				}
				fmt.Printf("Successfully saved superuser %q!\n", args[0])
				return nil
			}),
		},
		&cobra.Command{
			Use: "update EMAIL PASS", Short: "Changes the password of a superuser", Args: cobra.ExactArgs(2),
			RunE: withApp(func(app *core.App, args []string) error {
				su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, args[0])
				if err != nil {
					return fmt.Errorf("superuser %q not found", args[0])
				}
				su.SetPassword(args[1])
				if err := app.Save(su); err != nil {
					return err
				}
				fmt.Printf("Successfully changed superuser %q password!\n", args[0])
				return nil
			}),
		},
		&cobra.Command{
			Use: "delete EMAIL", Short: "Deletes a superuser", Args: cobra.ExactArgs(1),
			RunE: withApp(func(app *core.App, args []string) error {
				su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, args[0])
				if err != nil {
					return fmt.Errorf("superuser %q not found", args[0])
				}
				if err := app.Delete(su); err != nil {
					return err
				}
				fmt.Printf("Successfully deleted superuser %q!\n", args[0])
				return nil
			}),
		},
		&cobra.Command{
			Use: "otp EMAIL", Short: "Creates a new one-time password for a superuser", Args: cobra.ExactArgs(1),
			RunE: withApp(func(app *core.App, args []string) error {
				su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, args[0])
				if err != nil {
					return fmt.Errorf("superuser %q not found", args[0])
				}
				otp := su.Collection().OTP
				if otp == nil || !otp.Enabled {
					return errors.New("OTP auth is not enabled for the _superusers collection")
				}
				otps, err := app.FindCachedCollectionByNameOrId(core.CollectionNameOTPs)
				if err != nil {
					return err
				}
				password := security.RandomStringWithAlphabet(otp.Length, "0123456789")
				record := core.NewRecord(otps)
				record.Set("collectionRef", su.Collection().Id)
				record.Set("recordRef", su.Id)
				record.Set("password", password)
				if err := app.Save(record); err != nil {
					return err
				}
				fmt.Printf("Successfully created OTP for superuser %q:\n├─ Id:    %s\n├─ Pass:  %s\n└─ Valid: %ds\n", su.Email(), record.Id, password, otp.Duration)
				return nil
			}),
		},
	)
	return cmd
}

func checkEmail(email string) error {
	if _, err := mail.ParseAddress(email); err != nil || email == "" {
		return fmt.Errorf("missing or invalid email address %q", email)
	}
	return nil
}

func newSuperuser(app *core.App, email, password string) (*core.Record, error) {
	col, err := app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, err
	}
	su := core.NewRecord(col)
	su.SetEmail(email)
	su.SetPassword(password)
	if err := app.Save(su); err != nil {
		return nil, err
	}
	return su, nil
}
