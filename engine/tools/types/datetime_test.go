package types

import (
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestParseDateTimeForms(t *testing.T) {
	want := time.Date(2024, 3, 5, 10, 20, 30, 123_000_000, time.UTC)
	wantSec := time.Date(2024, 3, 5, 10, 20, 30, 0, time.UTC)
	wantDay := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	dt := DateTime{t: want}

	cases := []struct {
		name  string
		input any
		want  time.Time
	}{
		{"default layout", "2024-03-05 10:20:30.123Z", want},
		{"rfc3339 nano", "2024-03-05T10:20:30.123Z", want},
		{"rfc3339 offset", "2024-03-05T12:20:30+02:00", wantSec},
		{"space seconds", "2024-03-05 10:20:30", wantSec},
		{"date only", "2024-03-05", wantDay},
		{"padded", "  2024-03-05  ", wantDay},
		{"unix numeric string", "1709634030", wantSec},
		{"DateTime", dt, want},
		{"*DateTime", &dt, want},
		{"time.Time in other zone", want.In(time.FixedZone("x", 3600)), want},
		{"int", int(wantSec.Unix()), wantSec},
		{"int64", wantSec.Unix(), wantSec},
		{"float64", float64(wantSec.Unix()) + 0.5, wantSec.Add(500 * time.Millisecond)},
	}
	for _, c := range cases {
		got, err := ParseDateTime(c.input)
		if err != nil {
			t.Errorf("%s: unexpected error %v", c.name, err)
			continue
		}
		if !got.Time().Equal(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got.Time(), c.want)
		}
		if got.Time().Location() != time.UTC {
			t.Errorf("%s: expected UTC location, got %v", c.name, got.Time().Location())
		}
	}

	for _, empty := range []any{"", nil, (*DateTime)(nil), time.Time{}} {
		got, err := ParseDateTime(empty)
		if err != nil || !got.IsZero() {
			t.Errorf("%#v: expected zero without error, got %v %v", empty, got, err)
		}
	}

	for _, bad := range []any{"not a date", "2024-13-45", struct{}{}, []int{1}} {
		if _, err := ParseDateTime(bad); err == nil {
			t.Errorf("%#v: expected an error", bad)
		}
	}
}

func TestDateTimeString(t *testing.T) {
	if s := (DateTime{}).String(); s != "" {
		t.Fatalf("zero String() = %q", s)
	}
	local := time.Date(2024, 1, 2, 3, 4, 5, 6_000_000, time.FixedZone("x", -5*3600))
	dt, _ := ParseDateTime(local)
	if s := dt.String(); s != "2024-01-02 08:04:05.006Z" {
		t.Fatalf("String() = %q", s)
	}
	if now := NowDateTime(); now.IsZero() || time.Since(now.Time()) > time.Minute {
		t.Fatalf("NowDateTime() = %v", now)
	}
}

func TestDateTimeArithmetic(t *testing.T) {
	a, _ := ParseDateTime("2024-01-31 00:00:00.000Z")
	b := a.Add(time.Hour)
	if b.Sub(a) != time.Hour {
		t.Fatalf("Sub = %v", b.Sub(a))
	}
	if !a.Before(b) || !b.After(a) || a.Equal(b) || !a.Equal(a) {
		t.Fatal("comparison methods are inconsistent")
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Fatal("Compare is wrong")
	}
	if got := a.AddDate(0, 0, 1).String(); got != "2024-02-01 00:00:00.000Z" {
		t.Fatalf("AddDate = %q", got)
	}
	if a.Unix() != 1706659200 {
		t.Fatalf("Unix = %d", a.Unix())
	}
}

func TestDateTimeJSON(t *testing.T) {
	type doc struct {
		Created DateTime `json:"created"`
		Updated DateTime `json:"updated"`
	}
	dt, _ := ParseDateTime("2024-03-05 10:20:30.123Z")
	b, err := json.Marshal(doc{Created: dt})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"created":"2024-03-05 10:20:30.123Z","updated":""}` {
		t.Fatalf("marshal = %s", b)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Created.Equal(dt) || !back.Updated.IsZero() {
		t.Fatalf("round trip = %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"created":null,"updated":1709634030}`), &back); err != nil {
		t.Fatal(err)
	}
	if !back.Created.IsZero() || back.Updated.Unix() != 1709634030 {
		t.Fatalf("null/number = %+v", back)
	}
	if err := json.Unmarshal([]byte(`{"created":"garbage"}`), &back); err == nil {
		t.Fatal("expected an error for an invalid date")
	}
}

func TestDateTimeSQLite(t *testing.T) {
	db := openDB(t)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, d TEXT DEFAULT '' NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	dt, _ := ParseDateTime("2024-03-05 10:20:30.123Z")
	if _, err := db.Exec(`INSERT INTO t (id, d) VALUES (1, ?), (2, ?)`, dt, DateTime{}); err != nil {
		t.Fatal(err)
	}
	// Stored text must be the canonical layout so that SQL comparisons work.
	var raw string
	if err := db.QueryRow(`SELECT d FROM t WHERE id = 1`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw != "2024-03-05 10:20:30.123Z" {
		t.Fatalf("stored %q", raw)
	}
	var got, zero DateTime
	if err := db.QueryRow(`SELECT d FROM t WHERE id = 1`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT d FROM t WHERE id = 2`).Scan(&zero); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(dt) || !zero.IsZero() {
		t.Fatalf("scanned %v / %v", got, zero)
	}
	var fromNull DateTime
	if err := db.QueryRow(`SELECT NULL`).Scan(&fromNull); err != nil || !fromNull.IsZero() {
		t.Fatalf("NULL scan = %v %v", fromNull, err)
	}
	var fromInt DateTime
	if err := db.QueryRow(`SELECT 1709634030`).Scan(&fromInt); err != nil || fromInt.Unix() != 1709634030 {
		t.Fatalf("int scan = %v %v", fromInt, err)
	}
}
