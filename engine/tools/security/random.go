// Package security holds the cryptographic helpers: random strings, hashes,
// HMACs, AES-GCM encryption, HS256 JWTs and bcrypt passwords.
package security

import (
	"crypto/rand"
	"math/big"
	mathrand "math/rand/v2"
)

// DefaultRandomAlphabet is the alphabet of RandomString and PseudorandomString.
const DefaultRandomAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// RandomString returns a cryptographically random [A-Za-z0-9] string
// (used for ids, token keys and secrets).
func RandomString(length int) string {
	return RandomStringWithAlphabet(length, DefaultRandomAlphabet)
}

// RandomStringWithAlphabet returns a cryptographically random string of
// length characters drawn uniformly from alphabet (runes, so non-ASCII
// alphabets work). An empty alphabet or length <= 0 gives "".
func RandomStringWithAlphabet(length int, alphabet string) string {
	if length > 0 && length <= 64 && len(alphabet) > 0 && len(alphabet) <= 256 && isASCII(alphabet) {
		return randomASCIIString(length, alphabet)
	}
	chars := []rune(alphabet)
	n := len(chars)
	if length <= 0 || n == 0 {
		return ""
	}
	out := make([]rune, length)
	if n > 256 {
		max := big.NewInt(int64(n))
		for i := range out {
			idx, err := rand.Int(rand.Reader, max)
			if err != nil {
				// crypto/rand never fails on supported platforms; a
				// failure means the system is unusable for secrets.
				panic(err)
			}
			out[i] = chars[idx.Int64()]
		}
		return string(out)
	}

	// Rejection sampling keeps the distribution uniform: bytes at or above
	// the largest multiple of n would otherwise favour the first letters.
	limit := 256 - (256 % n)
	buf := make([]byte, length+length/4+8)
	filled := 0
	for filled < length {
		if _, err := rand.Read(buf); err != nil {
			panic(err)
		}
		for _, b := range buf {
			if int(b) >= limit {
				continue
			}
			out[filled] = chars[int(b)%n]
			filled++
			if filled == length {
				break
			}
		}
	}
	return string(out)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// randomASCIIString is RandomStringWithAlphabet for short strings of an
// ASCII alphabet (request ids, record ids, tokens) without the rune
// conversions: the same rejection sampling on bytes, in stack buffers.
func randomASCIIString(length int, alphabet string) string {
	n := len(alphabet)
	limit := 256 - (256 % n)
	var outBuf [64]byte
	var rnd [96]byte
	out := outBuf[:length]
	filled := 0
	for filled < length {
		if _, err := rand.Read(rnd[:]); err != nil {
			panic(err)
		}
		for _, b := range rnd {
			if int(b) >= limit {
				continue
			}
			out[filled] = alphabet[int(b)%n]
			filled++
			if filled == length {
				break
			}
		}
	}
	return string(out)
}

// PseudorandomString returns a fast, non-cryptographic [A-Za-z0-9] string
// (for values that need not be secret, e.g. file name suffixes).
func PseudorandomString(length int) string {
	return PseudorandomStringWithAlphabet(length, DefaultRandomAlphabet)
}

// PseudorandomStringWithAlphabet is the non-cryptographic counterpart of
// RandomStringWithAlphabet.
func PseudorandomStringWithAlphabet(length int, alphabet string) string {
	chars := []rune(alphabet)
	n := len(chars)
	if length <= 0 || n == 0 {
		return ""
	}
	out := make([]rune, length)
	for i := range out {
		out[i] = chars[mathrand.IntN(n)]
	}
	return string(out)
}
