// Package types holds the value types stored in record columns (dates, JSON,
// geo points). Each one knows how to go to and from JSON and the database.
package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DefaultDateLayout is the layout dates are stored in and serialized with.
// Keeping milliseconds and a fixed width makes stored dates sort as text.
const DefaultDateLayout = "2006-01-02 15:04:05.000Z"

// parseLayouts are tried in order when parsing a date string; the stored
// layout first because it is by far the most common input.
var parseLayouts = []string{
	DefaultDateLayout,
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	time.RFC822,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	"2006-01-02",
}

// DateTime wraps time.Time so that it serializes in DefaultDateLayout (UTC)
// and a zero value serializes as an empty string, as record dates do.
type DateTime struct {
	t time.Time
}

// NowDateTime returns the current time as a UTC DateTime.
func NowDateTime() DateTime {
	return DateTime{t: time.Now().UTC()}
}

// ParseDateTime converts value into a DateTime. It accepts DateTime,
// *DateTime, time.Time, *time.Time, date strings in the common layouts and
// numbers as unix seconds. Empty strings and nil produce a zero DateTime.
func ParseDateTime(value any) (DateTime, error) {
	switch v := value.(type) {
	case nil:
		return DateTime{}, nil
	case DateTime:
		return v, nil
	case *DateTime:
		if v == nil {
			return DateTime{}, nil
		}
		return *v, nil
	case time.Time:
		return fromTime(v), nil
	case *time.Time:
		if v == nil {
			return DateTime{}, nil
		}
		return fromTime(*v), nil
	case string:
		return parseDateString(v)
	case []byte:
		return parseDateString(string(v))
	case int:
		return fromUnix(int64(v)), nil
	case int32:
		return fromUnix(int64(v)), nil
	case int64:
		return fromUnix(v), nil
	case uint:
		return fromUnix(int64(v)), nil
	case uint32:
		return fromUnix(int64(v)), nil
	case uint64:
		return fromUnix(int64(v)), nil
	case float32:
		return fromUnixFloat(float64(v))
	case float64:
		return fromUnixFloat(v)
	case json.Number:
		return parseDateString(v.String())
	case fmt.Stringer:
		return parseDateString(v.String())
	}
	return DateTime{}, fmt.Errorf("types: cannot parse %T as a date", value)
}

func fromTime(t time.Time) DateTime {
	if t.IsZero() {
		return DateTime{}
	}
	return DateTime{t: t.UTC()}
}

func fromUnix(sec int64) DateTime {
	return DateTime{t: time.Unix(sec, 0).UTC()}
}

func fromUnixFloat(f float64) (DateTime, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return DateTime{}, fmt.Errorf("types: cannot parse %v as a date", f)
	}
	sec, frac := math.Modf(f)
	return DateTime{t: time.Unix(int64(sec), int64(frac*1e9)).UTC()}, nil
}

func parseDateString(s string) (DateTime, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DateTime{}, nil
	}
	if t, ok := parseStoredDate(s); ok {
		return fromTime(t), nil
	}
	for _, layout := range parseLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return fromTime(t), nil
		}
	}
	// A numeric string is a unix timestamp (e.g. from a form field).
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return fromUnix(n), nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return fromUnixFloat(f)
	}
	return DateTime{}, fmt.Errorf("types: cannot parse %q as a date", s)
}

// Time returns the wrapped time.Time (UTC).
func (d DateTime) Time() time.Time { return d.t }

// IsZero reports whether d is the zero time.
func (d DateTime) IsZero() bool { return d.t.IsZero() }

// String returns d in DefaultDateLayout (UTC), or "" when d is zero.
func (d DateTime) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.UTC().Format(DefaultDateLayout)
}

// Unix returns d as unix seconds.
func (d DateTime) Unix() int64 { return d.t.Unix() }

// Add returns d+dur.
func (d DateTime) Add(dur time.Duration) DateTime { return DateTime{t: d.t.Add(dur)} }

// AddDate returns d shifted by the given years, months and days.
func (d DateTime) AddDate(years, months, days int) DateTime {
	return DateTime{t: d.t.AddDate(years, months, days)}
}

// Sub returns d-u.
func (d DateTime) Sub(u DateTime) time.Duration { return d.t.Sub(u.t) }

// Before reports whether d is before u.
func (d DateTime) Before(u DateTime) bool { return d.t.Before(u.t) }

// After reports whether d is after u.
func (d DateTime) After(u DateTime) bool { return d.t.After(u.t) }

// Equal reports whether d and u are the same instant.
func (d DateTime) Equal(u DateTime) bool { return d.t.Equal(u.t) }

// Compare returns -1, 0 or +1 as d is before, equal to or after u.
func (d DateTime) Compare(u DateTime) int { return d.t.Compare(u.t) }

// MarshalJSON encodes d as a JSON string of String().
func (d DateTime) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts a date string, a unix number or null.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	var raw any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	parsed, err := ParseDateTime(raw)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// Value implements driver.Valuer: dates are stored as DefaultDateLayout text
// ("" when zero, matching the empty-string default of date columns).
func (d DateTime) Value() (driver.Value, error) {
	return d.String(), nil
}

// Scan implements sql.Scanner.
func (d *DateTime) Scan(value any) error {
	parsed, err := ParseDateTime(value)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
