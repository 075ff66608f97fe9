package security

import (
	"strings"
	"testing"
)

func TestRandomStrings(t *testing.T) {
	gens := map[string]func(int) string{
		"RandomString":       RandomString,
		"PseudorandomString": PseudorandomString,
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 15, 100} {
			s := gen(n)
			if len(s) != n {
				t.Fatalf("%s(%d) length %d", name, n, len(s))
			}
			for _, r := range s {
				if !strings.ContainsRune(DefaultRandomAlphabet, r) {
					t.Fatalf("%s produced %q outside the alphabet", name, r)
				}
			}
		}
		if gen(30) == gen(30) {
			t.Fatalf("%s repeated a 30-char value", name)
		}
	}
	if RandomString(-1) != "" || RandomStringWithAlphabet(5, "") != "" {
		t.Fatal("degenerate input must give an empty string")
	}
}

func TestRandomStringWithAlphabet(t *testing.T) {
	for _, gen := range []func(int, string) string{RandomStringWithAlphabet, PseudorandomStringWithAlphabet} {
		s := gen(50, "ab")
		if strings.Trim(s, "ab") != "" || len(s) != 50 {
			t.Fatalf("unexpected %q", s)
		}
		u := gen(10, "äöü")
		if len([]rune(u)) != 10 || strings.Trim(u, "äöü") != "" {
			t.Fatalf("unicode alphabet gave %q", u)
		}
	}
	// A large alphabet takes the big.Int path.
	var big strings.Builder
	for r := rune(0x4e00); r < 0x4e00+300; r++ {
		big.WriteRune(r)
	}
	if s := RandomStringWithAlphabet(20, big.String()); len([]rune(s)) != 20 {
		t.Fatalf("big alphabet gave %q", s)
	}
}

func TestRandomStringUniform(t *testing.T) {
	// With 3 letters a biased sampler (byte % 3) would favour "a" by ~0.4%;
	// this only checks the gross shape: every letter appears roughly 1/3.
	counts := map[rune]int{}
	for _, r := range RandomStringWithAlphabet(30000, "abc") {
		counts[r]++
	}
	for _, r := range "abc" {
		if c := counts[r]; c < 9000 || c > 11000 {
			t.Fatalf("letter %q appeared %d times of 30000", r, c)
		}
	}
}

// Short strings of an ASCII alphabet take the byte path (request and
// record ids): the same uniform draw, no rune conversions.
func TestRandomStringASCIIPathUniform(t *testing.T) {
	counts := map[byte]int{}
	for i := 0; i < 500; i++ {
		s := RandomStringWithAlphabet(60, "abc")
		if len(s) != 60 || strings.Trim(s, "abc") != "" {
			t.Fatalf("unexpected %q", s)
		}
		for j := 0; j < len(s); j++ {
			counts[s[j]]++
		}
	}
	for _, c := range "abc" {
		if n := counts[byte(c)]; n < 9000 || n > 11000 {
			t.Fatalf("letter %c drawn %d times of 30000: %v", c, n, counts)
		}
	}
	allocs := testing.AllocsPerRun(100, func() { _ = RandomStringWithAlphabet(20, "abcdefghijklmnopqrstuvwxyz0123456789") })
	if !raceEnabled && allocs > 1 {
		t.Fatalf("%v allocations for a 20-character id", allocs)
	}
}
