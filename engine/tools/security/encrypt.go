package security

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
)

// ErrInvalidEncryptionKey is returned when the AES key is not 32 bytes.
var ErrInvalidEncryptionKey = errors.New("security: encryption key must be exactly 32 bytes")

func newGCM(key string) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, ErrInvalidEncryptionKey
	}
	block, err := aes.NewCipher([]byte(key))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Encrypt seals data with AES-256-GCM under key (32 bytes) and returns
// std-base64 of nonce||ciphertext. A fresh random nonce is used every call.
func Encrypt(data []byte, key string) (string, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := gcm.Seal(nonce, nonce, data, nil)
	return base64.StdEncoding.EncodeToString(sealed), nil
}

// Decrypt reverses Encrypt. It fails when the key is wrong or the text was
// tampered with (GCM authenticates the ciphertext).
func Decrypt(cipherText string, key string) ([]byte, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	raw, err := base64.StdEncoding.DecodeString(cipherText)
	if err != nil {
		return nil, fmt.Errorf("security: invalid cipher text encoding: %w", err)
	}
	ns := gcm.NonceSize()
	if len(raw) < ns+gcm.Overhead() {
		return nil, errors.New("security: cipher text is too short")
	}
	plain, err := gcm.Open(nil, raw[:ns], raw[ns:], nil)
	if err != nil {
		return nil, fmt.Errorf("security: decryption failed: %w", err)
	}
	return plain, nil
}
