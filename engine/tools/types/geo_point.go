package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// GeoPoint is a longitude/latitude pair stored as a JSON object text column.
type GeoPoint struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

// AsMap returns the point as a plain map (for JS and filter resolution).
func (p GeoPoint) AsMap() map[string]any {
	return map[string]any{"lon": p.Lon, "lat": p.Lat}
}

// String returns the JSON text of the point.
func (p GeoPoint) String() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// Value implements driver.Valuer (the JSON text).
func (p GeoPoint) Value() (driver.Value, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// Scan implements sql.Scanner; NULL and empty text give the zero point.
func (p *GeoPoint) Scan(value any) error {
	var data []byte
	switch v := value.(type) {
	case nil:
	case []byte:
		data = v
	case string:
		data = []byte(v)
	case GeoPoint:
		*p = v
		return nil
	case map[string]any:
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		data = b
	default:
		return fmt.Errorf("types: cannot scan %T into GeoPoint", value)
	}
	if len(data) == 0 || string(data) == "null" {
		*p = GeoPoint{}
		return nil
	}
	var out GeoPoint
	if err := json.Unmarshal(data, &out); err != nil {
		return err
	}
	*p = out
	return nil
}
