package security

import (
	"regexp"
	"testing"
)

func TestRandomStringByRegex(t *testing.T) {
	patterns := []string{
		`abc`,
		`[a-z]{5}`,
		`^\d{3}-\w+$`,
		`(foo|bar|baz)_[A-F0-9]{4,8}`,
		`x*y+z?`,
		`[^a-z]{10}`,
		`(?i)hello`,
		`.{3}\s\S`,
		`\p{Greek}{4}`,
	}
	for _, p := range patterns {
		re := regexp.MustCompile(`^(?:` + p + `)$`)
		for i := 0; i < 20; i++ {
			s, err := RandomStringByRegex(p)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if !re.MatchString(s) {
				t.Fatalf("%s: generated %q does not match", p, s)
			}
		}
	}
	if _, err := RandomStringByRegex(`[a-`); err == nil {
		t.Fatal("invalid pattern must fail")
	}
	if _, err := RandomStringByRegex(`[^\x00-\x{10FFFF}]`); err == nil {
		t.Fatal("unmatchable pattern must fail")
	}
}

// randIntN stays in range and roughly uniform over a small n (a biased or
// off-by-one draw shows up as an empty or overfull bucket).
func TestRandIntNUniform(t *testing.T) {
	const n, draws = 7, 70000
	var counts [n]int
	for i := 0; i < draws; i++ {
		v := randIntN(n)
		if v < 0 || v >= n {
			t.Fatalf("randIntN(%d) = %d", n, v)
		}
		counts[v]++
	}
	for v, c := range counts {
		if c < draws/n*8/10 || c > draws/n*12/10 {
			t.Errorf("value %d drawn %d times of %d, want about %d", v, c, draws, draws/n)
		}
	}
}

// A negated class spans all of Unicode; its output stays printable ASCII.
func TestRandomStringByRegexNegatedClassIsASCII(t *testing.T) {
	for i := 0; i < 200; i++ {
		s, err := RandomStringByRegex(`[^a-z]{8}`)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range s {
			if r < 0x20 || r > 0x7e || (r >= 'a' && r <= 'z') {
				t.Fatalf("%q has %q", s, r)
			}
		}
	}
}

// BenchmarkRandomStringByRegex is a record id from the default pattern.
func BenchmarkRandomStringByRegex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RandomStringByRegex(`^[a-z0-9]+$`); err != nil {
			b.Fatal(err)
		}
		if _, err := RandomStringByRegex(`[a-z0-9]{15}`); err != nil {
			b.Fatal(err)
		}
	}
}
