package security

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp/syntax"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// maxRegexRepeat caps unbounded quantifiers (*, +, {n,}) when generating.
const maxRegexRepeat = 10

// RandomStringByRegex returns a cryptographically random string matching
// pattern (e.g. `[a-z]{5}-\d{3}`). Anchors and word boundaries are ignored
// since the whole output is the match. optFlags default to syntax.Perl.
func RandomStringByRegex(pattern string, optFlags ...syntax.Flags) (string, error) {
	flags := syntax.Perl
	if len(optFlags) > 0 {
		flags = optFlags[0]
	}
	re, err := parseRandomPattern(pattern, flags)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := genRegex(&b, re); err != nil {
		return "", err
	}
	return b.String(), nil
}

// Parsed patterns are kept: every record id is generated from its
// collection's pattern, and parsing it was most of the cost of an id. The
// bound keeps arbitrary patterns from JS ($security) from growing it forever.
const maxParsedPatterns = 256

type patternKey struct {
	pattern string
	flags   syntax.Flags
}

var (
	parsedPatterns     sync.Map // patternKey -> *syntax.Regexp (read only once stored)
	parsedPatternCount atomic.Int32
)

func parseRandomPattern(pattern string, flags syntax.Flags) (*syntax.Regexp, error) {
	key := patternKey{pattern, flags}
	if re, ok := parsedPatterns.Load(key); ok {
		return re.(*syntax.Regexp), nil
	}
	re, err := syntax.Parse(pattern, flags)
	if err != nil {
		return nil, err
	}
	re = re.Simplify()
	if parsedPatternCount.Load() < maxParsedPatterns {
		if _, loaded := parsedPatterns.LoadOrStore(key, re); !loaded {
			parsedPatternCount.Add(1)
		}
	}
	return re, nil
}

// randIntN is a uniform crypto-random int in [0, n): 8 random bytes,
// rejecting the top values that would bias the modulo (math/big's rand.Int
// allocated several times per character).
func randIntN(n int) int {
	if n <= 1 {
		return 0
	}
	un := uint64(n)
	// 2^64 mod n: that many values at the top of the range are rejected.
	skip := (^uint64(0)%un + 1) % un
	var buf [8]byte
	for {
		if _, err := rand.Read(buf[:]); err != nil {
			panic(err)
		}
		v := binary.LittleEndian.Uint64(buf[:])
		if skip == 0 || v < -skip {
			return int(v % un)
		}
	}
}

// printableASCII is the pool for "." since any character would do.
var printableASCII = func() []rune {
	var out []rune
	for r := rune(0x20); r < 0x7f; r++ {
		out = append(out, r)
	}
	return out
}()

func genRegex(b *strings.Builder, re *syntax.Regexp) error {
	switch re.Op {
	case syntax.OpNoMatch:
		return errors.New("security: the pattern can never match")
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && randIntN(2) == 1 {
				r = unicode.SimpleFold(r)
			}
			b.WriteRune(r)
		}
		return nil
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune(printableASCII[randIntN(len(printableASCII))])
		return nil
	case syntax.OpCharClass:
		return genCharClass(b, re.Rune)
	case syntax.OpCapture:
		return genRegex(b, re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		min, max := re.Min, re.Max
		switch re.Op {
		case syntax.OpStar:
			min, max = 0, -1
		case syntax.OpPlus:
			min, max = 1, -1
		case syntax.OpQuest:
			min, max = 0, 1
		}
		if max < 0 {
			max = min + maxRegexRepeat
		}
		count := min + randIntN(max-min+1)
		for i := 0; i < count; i++ {
			if err := genRegex(b, re.Sub[0]); err != nil {
				return err
			}
		}
		return nil
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if err := genRegex(b, sub); err != nil {
				return err
			}
		}
		return nil
	case syntax.OpAlternate:
		return genRegex(b, re.Sub[randIntN(len(re.Sub))])
	}
	return fmt.Errorf("security: unsupported regex construct %v", re.Op)
}

// genCharClass picks uniformly among all runes of the class' ranges,
// preferring printable ASCII when the class also spans the whole Unicode
// range (e.g. [^a-z]) so that the output stays readable.
func genCharClass(b *strings.Builder, ranges []rune) error {
	if len(ranges) == 0 {
		return errors.New("security: empty character class")
	}
	total, ascii := 0, 0
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		total += int(hi-lo) + 1
		if a, z := max(lo, 0x20), min(hi, 0x7e); a <= z {
			ascii += int(z-a) + 1
		}
	}
	if total > 1000 && ascii > 0 {
		n := randIntN(ascii)
		for i := 0; i+1 < len(ranges); i += 2 {
			a, z := max(ranges[i], 0x20), min(ranges[i+1], 0x7e)
			if a > z {
				continue
			}
			size := int(z-a) + 1
			if n < size {
				b.WriteRune(a + rune(n))
				return nil
			}
			n -= size
		}
	}
	n := randIntN(total)
	for i := 0; i+1 < len(ranges); i += 2 {
		size := int(ranges[i+1]-ranges[i]) + 1
		if n < size {
			b.WriteRune(ranges[i] + rune(n))
			return nil
		}
		n -= size
	}
	return errors.New("security: character class selection out of range")
}
