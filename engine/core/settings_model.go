package core

// Settings is a Model so that app.Save(settings) stores it, the way
// PocketBase's docs and real migrations change settings
// (`settings.meta.appName = "x"; app.save(settings)`). It is always the
// single "settings" row of _params, so it is never new.

// TableName is the _params table.
func (s *Settings) TableName() string { return paramsTable }

// PK is the settings row id.
func (s *Settings) PK() any { return paramsKeySettings }

// LastSavedPK is the settings row id.
func (s *Settings) LastSavedPK() any { return paramsKeySettings }

// IsNew is false: the settings row exists from the first start.
func (s *Settings) IsNew() bool { return false }

// MarkAsNew is a no-op (there is one settings row).
func (s *Settings) MarkAsNew() {}

// MarkAsNotNew is a no-op (there is one settings row).
func (s *Settings) MarkAsNotNew() {}
