package security

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"regexp/syntax"
	"strings"
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
	re, err := syntax.Parse(pattern, flags)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := genRegex(&b, re.Simplify()); err != nil {
		return "", err
	}
	return b.String(), nil
}

func randIntN(n int) int {
	if n <= 1 {
		return 0
	}
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err)
	}
	return int(v.Int64())
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
	var ascii []rune
	total := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		total += int(hi-lo) + 1
		for r := max(lo, 0x20); r <= min(hi, 0x7e); r++ {
			ascii = append(ascii, r)
		}
	}
	if total > 1000 && len(ascii) > 0 {
		b.WriteRune(ascii[randIntN(len(ascii))])
		return nil
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
