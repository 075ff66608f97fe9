package apis

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/hookbase/hookbase/engine/tools/validation"
)

// applePrivateKeyPattern is the PKCS#8 PEM block Apple hands out (.p8).
var applePrivateKeyPattern = regexp.MustCompile(`(?m)-----BEGIN PRIVATE KEY----[\s\S]+-----END PRIVATE KEY-----`)

// maxAppleSecretDuration is Apple's limit for a client secret (~6 months).
const maxAppleSecretDuration = 15777000

// settingsAppleClientSecret signs the ES256 client secret "Sign in with
// Apple" wants in place of a static one (superusers only; the key is used
// for this request and not stored).
func settingsAppleClientSecret(e *core.RequestEvent) error {
	if err := superuserGuard(e); err != nil {
		return err
	}
	var body struct {
		ClientId   string `json:"clientId"`
		TeamId     string `json:"teamId"`
		KeyId      string `json:"keyId"`
		PrivateKey string `json:"privateKey"`
		Duration   int    `json:"duration"`
	}
	if err := e.BindBody(&body); err != nil {
		return err
	}
	errs := validation.Errors{}
	if body.ClientId == "" {
		errs["clientId"] = validation.Required()
	}
	for key, v := range map[string]string{"teamId": body.TeamId, "keyId": body.KeyId} {
		if v == "" {
			errs[key] = validation.Required()
		} else if len(v) != 10 {
			errs[key] = validation.NewError("validation_length_invalid", "The length must be exactly 10.").SetParams(map[string]any{"length": 10})
		}
	}
	if body.PrivateKey == "" {
		errs["privateKey"] = validation.Required()
	} else if !applePrivateKeyPattern.MatchString(body.PrivateKey) {
		errs["privateKey"] = validation.NewError("validation_match_invalid", "Must be in a valid format.")
	}
	if body.Duration == 0 {
		errs["duration"] = validation.Required()
	} else if body.Duration < 1 || body.Duration > maxAppleSecretDuration {
		errs["duration"] = validation.NewError("validation_out_of_range", "Must be between 1 and 15777000.")
	}
	if err := errs.Filter(); err != nil {
		return router.NewBadRequestError("Invalid client secret data.", err)
	}

	key, err := jwt.ParseECPrivateKeyFromPEM([]byte(strings.TrimSpace(body.PrivateKey)))
	if err != nil {
		return router.NewBadRequestError("Failed to generate client secret. Raw error: \n"+err.Error(), nil)
	}
	now := time.Now()
	token := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.RegisteredClaims{
		Audience:  jwt.ClaimStrings{"https://appleid.apple.com"},
		Subject:   body.ClientId,
		Issuer:    body.TeamId,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(time.Duration(body.Duration) * time.Second)),
	})
	token.Header["kid"] = body.KeyId
	secret, err := token.SignedString(key)
	if err != nil {
		return router.NewBadRequestError("Failed to generate client secret. Raw error: \n"+err.Error(), nil)
	}
	return e.JSON(http.StatusOK, map[string]string{"secret": secret})
}
