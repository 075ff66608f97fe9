package security

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("1234567890")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$2a$10$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	if !CheckPassword(h, "1234567890") || CheckPassword(h, "1234567891") || CheckPassword("", "") {
		t.Fatal("CheckPassword is wrong")
	}
	h2, _ := HashPassword("1234567890")
	if h == h2 {
		t.Fatal("hashes must be salted")
	}
	if _, err := HashPassword(strings.Repeat("a", 73)); err == nil {
		t.Fatal("passwords over 72 bytes must be refused")
	}
	// Hashes of another cost (e.g. imported from elsewhere) still check.
	cheap, _ := bcrypt.GenerateFromPassword([]byte("test"), bcrypt.MinCost)
	if !CheckPassword(string(cheap), "test") {
		t.Fatal("a cost-4 hash must check")
	}
}
