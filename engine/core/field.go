package core

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"regexp"
	"strconv"
)

// Field types.
const (
	FieldTypeText     = "text"
	FieldTypeNumber   = "number"
	FieldTypeBool     = "bool"
	FieldTypeEmail    = "email"
	FieldTypeURL      = "url"
	FieldTypeEditor   = "editor"
	FieldTypeDate     = "date"
	FieldTypeAutodate = "autodate"
	FieldTypeSelect   = "select"
	FieldTypeFile     = "file"
	FieldTypeRelation = "relation"
	FieldTypeJSON     = "json"
	FieldTypePassword = "password"
	FieldTypeGeoPoint = "geoPoint"
)

// Names of fields every collection or auth collection has.
const (
	FieldNameId              = "id"
	FieldNamePassword        = "password"
	FieldNameTokenKey        = "tokenKey"
	FieldNameEmail           = "email"
	FieldNameEmailVisibility = "emailVisibility"
	FieldNameVerified        = "verified"
	FieldNameCollectionId    = "collectionId"
	FieldNameCollectionName  = "collectionName"
	FieldNameExpand          = "expand"
)

// Field is one column of a collection: its options, storage type,
// value normalisation and validation.
type Field interface {
	GetId() string
	SetId(id string)
	GetName() string
	SetName(name string)
	GetSystem() bool
	SetSystem(system bool)
	GetHidden() bool
	SetHidden(hidden bool)
	// Type is the field type name ("text", "number", …).
	Type() string
	// ColumnType is the SQL column definition of the field.
	ColumnType(app *App) string
	// PrepareValue normalises a raw value (from the DB or a client) into
	// the field's Go value (string, float64, bool, types.DateTime, []string, …).
	PrepareValue(record *Record, raw any) (any, error)
	// ValidateValue checks the record's current value of the field.
	ValidateValue(ctx context.Context, app *App, record *Record) error
	// ValidateSettings checks the field's options within its collection.
	ValidateSettings(ctx context.Context, app *App, collection *Collection) error
}

// SetterFunc sets a (possibly modified) value on a record.
type SetterFunc func(record *Record, raw any)

// SetterFinder is a field that understands set modifiers such as
// "tags+", "+tags", "tags-" or "title:autogenerate".
type SetterFinder interface {
	FindSetter(key string) SetterFunc
}

// GetterFinder is a field with get modifiers, e.g. "avatar:uploaded".
type GetterFinder interface {
	FindGetter(key string) func(record *Record) any
}

// DriverValuer converts a field value into its stored form.
type DriverValuer interface {
	DriverValue(record *Record) (driver.Value, error)
}

// MultiValuer is a field that may hold many values (select/file/relation).
type MultiValuer interface {
	IsMultiple() bool
}

// RecordInterceptor lets a field act around a record action (e.g. autodate
// sets its value before create; file uploads its files after the insert).
type RecordInterceptor interface {
	Intercept(ctx context.Context, app *App, record *Record, action string, next func() error) error
}

// Record actions passed to RecordInterceptor.Intercept.
const (
	InterceptorActionValidate      = "validate"
	InterceptorActionCreate        = "create"
	InterceptorActionCreateExecute = "createExecute"
	InterceptorActionAfterCreate   = "afterCreate"
	InterceptorActionUpdate        = "update"
	InterceptorActionUpdateExecute = "updateExecute"
	InterceptorActionAfterUpdate   = "afterUpdate"
	InterceptorActionDelete        = "delete"
	InterceptorActionDeleteExecute = "deleteExecute"
	InterceptorActionAfterDelete   = "afterDelete"
)

// FieldFactories builds an empty field of each type; JSON decoding of
// collections looks the "type" key up here. Plugins may register more.
var FieldFactories = map[string]func() Field{}

// NewFieldByType returns an empty field of typ or an error for unknown types.
func NewFieldByType(typ string) (Field, error) {
	factory, ok := FieldFactories[typ]
	if !ok {
		return nil, fmt.Errorf("unknown field type %q", typ)
	}
	return factory(), nil
}

// DefaultFieldId is the id a field gets when none is set: its type
// followed by the CRC32 of its name, as PocketBase does.
func DefaultFieldId(typ, name string) string {
	return typ + strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(name))), 10)
}

var fieldNameRegex = regexp.MustCompile(`^\w+$`)

// MarshalFieldWithType renders a field's options (v, usually an alias type
// of the field struct without its MarshalJSON) plus its "type" key.
func MarshalFieldWithType(typ string, v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	m["type"] = typ
	return json.Marshal(m)
}
