package security

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwtMethods pins the accepted algorithm: tokens declaring any other alg
// (HS512, RS256 with a public key as secret, "none") are refused before
// the signature is even looked at.
var jwtMethods = []string{jwt.SigningMethodHS256.Alg()}

// ErrEmptyJWTKey is returned when signing or verifying with an empty key,
// which would make every token trivially forgeable.
var ErrEmptyJWTKey = errors.New("security: empty JWT key")

// NewJWT signs payload with HS256 and signingKey. It sets "exp" to now +
// duration unless payload already carries an "exp" of its own.
func NewJWT(payload jwt.MapClaims, signingKey string, duration time.Duration) (string, error) {
	if signingKey == "" {
		return "", ErrEmptyJWTKey
	}
	claims := jwt.MapClaims{"exp": time.Now().Add(duration).Unix()}
	for k, v := range payload {
		claims[k] = v
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(signingKey))
}

// ParseJWT verifies token's HS256 signature with verificationKey and its
// time claims (exp, nbf, iat when present) and returns the claims.
func ParseJWT(token string, verificationKey string) (jwt.MapClaims, error) {
	if verificationKey == "" {
		return nil, ErrEmptyJWTKey
	}
	parser := jwt.NewParser(jwt.WithValidMethods(jwtMethods), jwt.WithIssuedAt())
	claims := jwt.MapClaims{}
	parsed, err := parser.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) {
		return []byte(verificationKey), nil
	})
	if err != nil {
		return nil, err
	}
	if !parsed.Valid {
		return nil, errors.New("security: invalid token")
	}
	return claims, nil
}

// ParseUnverifiedJWT decodes token WITHOUT checking its signature, e.g. to
// learn which record a token claims to be for before loading that record's
// key. Time claims are still validated, so an expired token returns an
// error (together with its claims). Never trust the result for access.
func ParseUnverifiedJWT(token string) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	parser := jwt.NewParser()
	if _, _, err := parser.ParseUnverified(token, claims); err != nil {
		return nil, err
	}
	if err := jwt.NewValidator(jwt.WithIssuedAt()).Validate(claims); err != nil {
		return claims, err
	}
	return claims, nil
}
