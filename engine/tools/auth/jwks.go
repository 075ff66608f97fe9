package auth

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"

	"github.com/golang-jwt/jwt/v5"
)

// jwksKeyfunc resolves an id_token's RSA key by kid from a JWKS URL.
func jwksKeyfunc(p *ConfigProvider, jwksURL string) jwt.Keyfunc {
	return func(t *jwt.Token) (any, error) {
		if _, ok := t.Method.(*jwt.SigningMethodRSA); !ok {
			return nil, fmt.Errorf("unsupported id_token algorithm %v", t.Header["alg"])
		}
		kid, _ := t.Header["kid"].(string)
		req, err := http.NewRequestWithContext(p.Context(), http.MethodGet, jwksURL, nil)
		if err != nil {
			return nil, err
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("fetch JWKS: %w", err)
		}
		defer res.Body.Close()
		var set struct {
			Keys []struct {
				Kid string `json:"kid"`
				Kty string `json:"kty"`
				N   string `json:"n"`
				E   string `json:"e"`
			} `json:"keys"`
		}
		if err := json.NewDecoder(io.LimitReader(res.Body, maxUserInfoSize)).Decode(&set); err != nil {
			return nil, fmt.Errorf("decode JWKS: %w", err)
		}
		for _, k := range set.Keys {
			if k.Kty != "RSA" || (kid != "" && k.Kid != kid) {
				continue
			}
			n, err1 := base64.RawURLEncoding.DecodeString(k.N)
			e, err2 := base64.RawURLEncoding.DecodeString(k.E)
			if err1 != nil || err2 != nil {
				return nil, errors.New("malformed JWKS key")
			}
			return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
		}
		return nil, fmt.Errorf("no JWKS key for kid %q", kid)
	}
}
