package core

import (
	"fmt"
)

// LogsTableName is the logs table in auxiliary.db.
const LogsTableName = "_logs"

// The system migrations carry PocketBase's file names so that a data dir
// created by PocketBase is recognised as up to date (and one created by
// hookbase looks up to date to PocketBase). The v0.23 upgrade steps only
// matter for pre-0.23 data, which hookbase does not open, so they are
// recorded without work.
func init() {
	SystemMigrations.Register(initDataSchema, nil, "1640988000_init.go")
	SystemMigrations.Register(initAuxSchema, nil, "1640988000_aux_init.go")
	for _, f := range []string{
		"1717233556_v0.23_migrate.go", "1717233557_v0.23_migrate2.go", "1717233558_v0.23_migrate3.go",
		"1717233559_v0.23_migrate4.go", "1763020353_update_default_auth_alert_templates.go",
		"1778828400_normalize_indexes.go",
	} {
		SystemMigrations.Register(nil, nil, f)
	}
}

func initDataSchema(txApp *App) error {
	stmts := []string{
		"CREATE TABLE IF NOT EXISTS `_params` (`id` TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL, `value` JSON DEFAULT NULL, `created` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL, `updated` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL)",
		"CREATE TABLE IF NOT EXISTS `_collections` (`id` TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL, `system` BOOLEAN DEFAULT FALSE NOT NULL, `type` TEXT DEFAULT 'base' NOT NULL, `name` TEXT UNIQUE NOT NULL, `fields` JSON DEFAULT '[]' NOT NULL, `indexes` JSON DEFAULT '[]' NOT NULL, `listRule` TEXT DEFAULT NULL, `viewRule` TEXT DEFAULT NULL, `createRule` TEXT DEFAULT NULL, `updateRule` TEXT DEFAULT NULL, `deleteRule` TEXT DEFAULT NULL, `options` JSON DEFAULT '{}' NOT NULL, `created` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL, `updated` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL)",
		"CREATE INDEX IF NOT EXISTS `idx__collections_type` ON `_collections` (`type`)",
	}
	for _, s := range stmts {
		if _, err := txApp.NonconcurrentDB().NewQuery(s).Execute(); err != nil {
			return fmt.Errorf("%w (%s)", err, s)
		}
	}
	for _, build := range []func() *Collection{
		newMFAsCollection, newOTPsCollection, newExternalAuthsCollection, newAuthOriginsCollection,
		newSuperusersCollection, newUsersCollection,
	} {
		c := build()
		if txApp.HasTable(c.Name) {
			continue
		}
		if err := txApp.Save(c); err != nil {
			return fmt.Errorf("create collection %s: %w", c.Name, err)
		}
	}
	return nil
}

// logsIndexes are PocketBase's indexes of _logs, by name.
var logsIndexes = []struct{ name, create string }{
	{"idx_logs_level", "CREATE INDEX IF NOT EXISTS `idx_logs_level` ON `_logs` (`level`)"},
	{"idx_logs_message", "CREATE INDEX IF NOT EXISTS `idx_logs_message` ON `_logs` (`message`)"},
	{"idx_logs_created_hour", "CREATE INDEX IF NOT EXISTS `idx_logs_created_hour` ON `_logs` (strftime('%Y-%m-%d %H:00:00', `created`))"},
}

func initAuxSchema(txApp *App) error {
	stmts := []string{
		"CREATE TABLE IF NOT EXISTS `_logs` (`id` TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL, `level` INTEGER DEFAULT 0 NOT NULL, `message` TEXT DEFAULT '' NOT NULL, `data` JSON DEFAULT '{}' NOT NULL, `created` TEXT DEFAULT (strftime('%Y-%m-%d %H:%M:%fZ')) NOT NULL)",
	}
	for _, idx := range logsIndexes {
		stmts = append(stmts, idx.create)
	}
	for _, s := range stmts {
		if _, err := txApp.AuxNonconcurrentDB().NewQuery(s).Execute(); err != nil {
			return fmt.Errorf("%w (%s)", err, s)
		}
	}
	return nil
}

// renameLegacyLogsIndexes gives the _logs indexes of data dirs made by
// earlier hookbase builds (named `_logs_level_idx`, …) PocketBase's names,
// so that both see the same schema. A no-op once done.
func (app *App) renameLegacyLogsIndexes() error {
	for i, legacy := range []string{"_logs_level_idx", "_logs_message_idx", "_logs_created_hour_idx"} {
		var n int
		err := app.AuxDB().NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = {:name}").
			Bind(map[string]any{"name": legacy}).Row(&n)
		if err != nil {
			return fmt.Errorf("look up index %s: %w", legacy, err)
		}
		if n == 0 {
			continue
		}
		err = app.AuxRunInTransaction(func(txApp *App) error {
			if _, err := txApp.AuxNonconcurrentDB().NewQuery("DROP INDEX `" + legacy + "`").Execute(); err != nil {
				return err
			}
			_, err := txApp.AuxNonconcurrentDB().NewQuery(logsIndexes[i].create).Execute()
			return err
		})
		if err != nil {
			return fmt.Errorf("rename index %s: %w", legacy, err)
		}
	}
	return nil
}

func strPtr(s string) *string { return &s }

func systemAutodates(c *Collection) {
	c.Fields.Add(
		&AutodateField{FieldBase: FieldBase{Name: "created", System: true}, OnCreate: true},
		&AutodateField{FieldBase: FieldBase{Name: "updated", System: true}, OnCreate: true, OnUpdate: true},
	)
}

func newMFAsCollection() *Collection {
	c := NewBaseCollection(CollectionNameMFAs, CollectionIdMFAs)
	c.System = true
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "collectionRef", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "recordRef", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "method", System: true}, Required: true},
	)
	systemAutodates(c)
	c.Indexes = append(c.Indexes, "CREATE INDEX `idx_mfas_collectionRef_recordRef` ON `_mfas` (`collectionRef`,`recordRef`)")
	return c
}

func newOTPsCollection() *Collection {
	c := NewBaseCollection(CollectionNameOTPs, CollectionIdOTPs)
	c.System = true
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "collectionRef", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "recordRef", System: true}, Required: true},
		&PasswordField{FieldBase: FieldBase{Name: "password", System: true, Hidden: true}, Required: true, Cost: 8},
		&TextField{FieldBase: FieldBase{Name: "sentTo", System: true, Hidden: true}},
	)
	systemAutodates(c)
	c.Indexes = append(c.Indexes, "CREATE INDEX `idx_otps_collectionRef_recordRef` ON `_otps` (`collectionRef`, `recordRef`)")
	return c
}

func newExternalAuthsCollection() *Collection {
	c := NewBaseCollection(CollectionNameExternalAuths, CollectionIdExternalAuths)
	c.System = true
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "collectionRef", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "recordRef", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "provider", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "providerId", System: true}, Required: true},
	)
	systemAutodates(c)
	c.Indexes = append(c.Indexes,
		"CREATE UNIQUE INDEX `idx_externalAuths_record_provider` ON `_externalAuths` (`collectionRef`, `recordRef`, `provider`)",
		"CREATE UNIQUE INDEX `idx_externalAuths_collection_provider` ON `_externalAuths` (`collectionRef`, `provider`, `providerId`)",
	)
	return c
}

func newAuthOriginsCollection() *Collection {
	c := NewBaseCollection(CollectionNameAuthOrigins, CollectionIdAuthOrigins)
	c.System = true
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "collectionRef", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "recordRef", System: true}, Required: true},
		&TextField{FieldBase: FieldBase{Name: "fingerprint", System: true}, Required: true},
	)
	systemAutodates(c)
	c.Indexes = append(c.Indexes,
		"CREATE UNIQUE INDEX `idx_authOrigins_unique_pairs` ON `_authOrigins` (`collectionRef`, `recordRef`, `fingerprint`)")
	return c
}

func newSuperusersCollection() *Collection {
	c := NewAuthCollection(CollectionNameSuperusers, CollectionIdSuperusers)
	c.System = true
	systemAutodates(c)
	c.AuthToken.Duration = 86400
	return c
}

func newUsersCollection() *Collection {
	c := NewAuthCollection(CollectionNameUsers, CollectionIdUsers)
	owner := "id = @request.auth.id"
	c.ListRule, c.ViewRule, c.UpdateRule, c.DeleteRule = strPtr(owner), strPtr(owner), strPtr(owner), strPtr(owner)
	c.CreateRule = strPtr("")
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "name"}, Max: 255},
		&FileField{FieldBase: FieldBase{Name: "avatar"}, MaxSelect: 1, MimeTypes: []string{"image/jpeg", "image/png", "image/svg+xml", "image/gif", "image/webp"}, Thumbs: []string{}},
	)
	c.Fields.Add(
		&AutodateField{FieldBase: FieldBase{Name: "created"}, OnCreate: true},
		&AutodateField{FieldBase: FieldBase{Name: "updated"}, OnCreate: true, OnUpdate: true},
	)
	c.OAuth2.MappedFields = OAuth2KnownFields{Name: "name", AvatarURL: "avatar"}
	return c
}
