package security

import (
	"bytes"
	"encoding/base64"
	"testing"
)

const testKey = "0123456789abcdef0123456789abcdef"

func TestEncryptDecrypt(t *testing.T) {
	data := []byte("the smtp password")
	c1, err := Encrypt(data, testKey)
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := Encrypt(data, testKey)
	if c1 == c2 {
		t.Fatal("two encryptions must use different nonces")
	}
	if _, err := base64.StdEncoding.DecodeString(c1); err != nil {
		t.Fatalf("output is not std base64: %v", err)
	}
	plain, err := Decrypt(c1, testKey)
	if err != nil || !bytes.Equal(plain, data) {
		t.Fatalf("Decrypt = %q %v", plain, err)
	}
	empty, _ := Encrypt(nil, testKey)
	if p, err := Decrypt(empty, testKey); err != nil || len(p) != 0 {
		t.Fatalf("empty round trip = %q %v", p, err)
	}
}

func TestDecryptFailures(t *testing.T) {
	c, _ := Encrypt([]byte("secret"), testKey)
	if _, err := Decrypt(c, "ffffffffffffffffffffffffffffffff"); err == nil {
		t.Fatal("wrong key must fail")
	}
	raw, _ := base64.StdEncoding.DecodeString(c)
	raw[len(raw)-1] ^= 1
	if _, err := Decrypt(base64.StdEncoding.EncodeToString(raw), testKey); err == nil {
		t.Fatal("tampered text must fail")
	}
	for _, bad := range []string{"", "!!!", base64.StdEncoding.EncodeToString([]byte("short"))} {
		if _, err := Decrypt(bad, testKey); err == nil {
			t.Fatalf("%q must fail", bad)
		}
	}
	if _, err := Encrypt([]byte("x"), "short"); err != ErrInvalidEncryptionKey {
		t.Fatalf("short key: %v", err)
	}
	if _, err := Decrypt(c, "short"); err != ErrInvalidEncryptionKey {
		t.Fatalf("short key: %v", err)
	}
}
