package search

import "time"

// DateTimeLayout is how datetime macros are formatted (PocketBase's layout).
const DateTimeLayout = "2006-01-02 15:04:05.000Z"

// timeNow is replaced by tests to freeze the clock.
var timeNow = time.Now

// datetimeMacros are the @-identifiers that stand for values derived from the
// current UTC time. They are bound as params like any other literal.
var datetimeMacros = map[string]func(now time.Time) any{
	"@now":    func(n time.Time) any { return n.Format(DateTimeLayout) },
	"@second": func(n time.Time) any { return n.Second() },
	"@minute": func(n time.Time) any { return n.Minute() },
	"@hour":   func(n time.Time) any { return n.Hour() },
	"@weekday": func(n time.Time) any {
		return int(n.Weekday())
	},
	"@day":       func(n time.Time) any { return n.Day() },
	"@month":     func(n time.Time) any { return int(n.Month()) },
	"@year":      func(n time.Time) any { return n.Year() },
	"@yesterday": func(n time.Time) any { return n.AddDate(0, 0, -1).Format(DateTimeLayout) },
	"@tomorrow":  func(n time.Time) any { return n.AddDate(0, 0, 1).Format(DateTimeLayout) },
	"@todayStart": func(n time.Time) any {
		return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC).Format(DateTimeLayout)
	},
	"@todayEnd": func(n time.Time) any {
		return time.Date(n.Year(), n.Month(), n.Day(), 23, 59, 59, 999999999, time.UTC).Format(DateTimeLayout)
	},
	"@monthStart": func(n time.Time) any {
		return time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, time.UTC).Format(DateTimeLayout)
	},
	"@monthEnd": func(n time.Time) any {
		// day 0 of the next month is the last day of this one
		return time.Date(n.Year(), n.Month()+1, 0, 23, 59, 59, 999999999, time.UTC).Format(DateTimeLayout)
	},
	"@yearStart": func(n time.Time) any {
		return time.Date(n.Year(), 1, 1, 0, 0, 0, 0, time.UTC).Format(DateTimeLayout)
	},
	"@yearEnd": func(n time.Time) any {
		return time.Date(n.Year(), 12, 31, 23, 59, 59, 999999999, time.UTC).Format(DateTimeLayout)
	},
}

// macroValue returns the value of a datetime macro at the current UTC time.
func macroValue(name string) (any, bool) {
	fn, ok := datetimeMacros[name]
	if !ok {
		return nil, false
	}
	return fn(timeNow().UTC()), true
}
