package security

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
)

// MD5 returns the hex md5 digest of text (checksums only, never secrets).
func MD5(text string) string {
	sum := md5.Sum([]byte(text))
	return hex.EncodeToString(sum[:])
}

// SHA256 returns the hex sha256 digest of text.
func SHA256(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// SHA512 returns the hex sha512 digest of text.
func SHA512(text string) string {
	sum := sha512.Sum512([]byte(text))
	return hex.EncodeToString(sum[:])
}

// HS256 returns the hex HMAC-SHA256 of text keyed with secret.
func HS256(text, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(text))
	return hex.EncodeToString(mac.Sum(nil))
}

// HS512 returns the hex HMAC-SHA512 of text keyed with secret.
func HS512(text, secret string) string {
	mac := hmac.New(sha512.New, []byte(secret))
	mac.Write([]byte(text))
	return hex.EncodeToString(mac.Sum(nil))
}

// Equal compares two hashes/tokens in constant time, so that comparing a
// secret does not leak how many leading characters matched.
func Equal(hash1, hash2 string) bool {
	return subtle.ConstantTimeCompare([]byte(hash1), []byte(hash2)) == 1
}
