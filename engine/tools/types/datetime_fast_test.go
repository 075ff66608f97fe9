package types

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// parseStoredDate accepts exactly what time.Parse(DefaultDateLayout) accepts
// (in the fixed shape) and gives the same instant.
func TestParseStoredDateMatchesTimeParse(t *testing.T) {
	cases := []string{
		"2024-02-29 23:59:59.999Z", "2023-02-29 10:00:00.000Z", "2024-13-01 00:00:00.000Z",
		"2024-00-10 00:00:00.000Z", "2024-04-31 00:00:00.000Z", "2024-01-01 24:00:00.000Z",
		"2024-01-01 00:60:00.000Z", "2024-01-01 00:00:60.000Z", "0000-01-01 00:00:00.000Z",
		"2024-01-01T00:00:00.000Z", "2024-01-01 00:00:00.00Z0", "2024-01-01 00:00:00.0a0Z",
		"+024-01-01 00:00:00.000Z", "2024-01-01 00:00:00.000z", "2024-1-01 00:00:00.0000Z",
	}
	rng := rand.New(rand.NewSource(3))
	for i := 0; i < 20000; i++ {
		cases = append(cases, fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d.%03dZ",
			rng.Intn(10000), rng.Intn(14), rng.Intn(33), rng.Intn(26), rng.Intn(62), rng.Intn(62), rng.Intn(1000)))
	}
	for _, s := range cases {
		want, werr := time.Parse(DefaultDateLayout, s)
		got, ok := parseStoredDate(s)
		if ok != (werr == nil) {
			// the fast path may decline what time.Parse accepts (it then
			// falls back), never accept what time.Parse rejects
			if ok {
				t.Fatalf("%q accepted, time.Parse: %v", s, werr)
			}
			t.Fatalf("%q declined though time.Parse accepts it", s)
		}
		if ok && !got.Equal(want) {
			t.Fatalf("%q: got %v want %v", s, got, want)
		}
	}
}

func BenchmarkParseStoredDate(b *testing.B) {
	s := "2026-11-27 17:06:41.252Z"
	b.Run("time.Parse", func(b *testing.B) {
		for b.Loop() {
			if _, err := time.Parse(DefaultDateLayout, s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ParseDateTime", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParseDateTime(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
