package core

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"github.com/hookbase/hookbase/engine/tools/dialect"
	"github.com/hookbase/hookbase/engine/tools/types"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

func init() {
	FieldFactories[FieldTypeGeoPoint] = func() Field { return &GeoPointField{} }
}

// GeoPointField stores a types.GeoPoint ({"lon":0,"lat":0} by default).
// It accepts a GeoPoint, a map with lon/lat keys or its JSON text.
type GeoPointField struct {
	FieldBase
	Help string `json:"help"`

	// Required rejects the zero point ("Null Island").
	Required bool `json:"required"`
}

var (
	_ Field        = (*GeoPointField)(nil)
	_ DriverValuer = (*GeoPointField)(nil)
)

func (f *GeoPointField) Type() string { return FieldTypeGeoPoint }

// MarshalJSON renders every option plus "type".
func (f GeoPointField) MarshalJSON() ([]byte, error) {
	type alias GeoPointField
	return MarshalFieldWithType(FieldTypeGeoPoint, alias(f))
}

// ColumnType is a JSON object column.
func (f *GeoPointField) ColumnType(app *App) string {
	return fieldColumnType(app, dialect.ColumnGeoPoint)
}

// PrepareValue converts raw into a types.GeoPoint; nil, "" and empty maps
// give the zero point. Invalid input gives the zero point and an error.
func (f *GeoPointField) PrepareValue(record *Record, raw any) (any, error) {
	p, err := toFieldGeoPoint(raw)
	return p, err
}

func toFieldGeoPoint(raw any) (types.GeoPoint, error) {
	var p types.GeoPoint
	switch v := raw.(type) {
	case nil:
		return p, nil
	case types.GeoPoint:
		return v, nil
	case *types.GeoPoint:
		if v != nil {
			p = *v
		}
		return p, nil
	case string, []byte, map[string]any:
		err := p.Scan(v)
		return p, err
	case types.JSONRaw:
		err := p.Scan([]byte(v))
		return p, err
	}
	// Other shapes (e.g. map[string]float64 or a struct) go through JSON.
	b, err := json.Marshal(raw)
	if err != nil {
		return p, fmt.Errorf("geoPoint: %w", err)
	}
	if err := p.Scan(b); err != nil {
		return types.GeoPoint{}, err
	}
	return p, nil
}

// DriverValue stores the point as its JSON text.
func (f *GeoPointField) DriverValue(record *Record) (driver.Value, error) {
	p, err := toFieldGeoPoint(record.GetRaw(f.Name))
	if err != nil {
		return nil, err
	}
	return p.Value()
}

// ValidateValue checks required and the coordinate ranges.
func (f *GeoPointField) ValidateValue(ctx context.Context, app *App, record *Record) error {
	p, ok := record.GetRaw(f.Name).(types.GeoPoint)
	if !ok {
		return fieldErrUnsupportedType()
	}
	if p.Lat == 0 && p.Lon == 0 {
		if f.Required {
			return validation.Required()
		}
		return nil
	}
	if p.Lat < -90 || p.Lat > 90 {
		return fieldError("validation_invalid_latitude", "Latitude must be between -90 and 90 degrees.", nil)
	}
	if p.Lon < -180 || p.Lon > 180 {
		return fieldError("validation_invalid_longitude", "Longitude must be between -180 and 180 degrees.", nil)
	}
	return nil
}

// ValidateSettings checks the id and name.
func (f *GeoPointField) ValidateSettings(ctx context.Context, app *App, collection *Collection) error {
	return fieldBaseErrors(f.Id, f.Name).Filter()
}
