package security

import "golang.org/x/crypto/bcrypt"

// PasswordCost is the bcrypt cost of new password hashes (PocketBase's too,
// so imported pb_data hashes and new ones cost the same to check).
const PasswordCost = 10

// HashPassword returns the bcrypt hash of plain. bcrypt refuses passwords
// longer than 72 bytes rather than silently truncating them.
func HashPassword(plain string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(plain), PasswordCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// CheckPassword reports whether plain matches the bcrypt hash.
func CheckPassword(hash, plain string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(plain)) == nil
}
