package tests

import (
	"testing"

	"github.com/hookbase/hookbase/tests/harness"
	"github.com/hookbase/hookbase/tests/oidcprovider"
)

// oauth2Hooks logs what onRecordAuthWithOAuth2Request sees.
const oauth2Hooks = `
onRecordAuthWithOAuth2Request((e) => {
  const log = $app.store().get("oauth2log") || [];
  log.push({
    collection: e.collection.name,
    providerName: e.providerName,
    email: e.oauth2User.email,
    name: e.oauth2User.name,
    isNewRecord: e.isNewRecord,
    hasRecord: !!e.record,
    createData: e.createData,
  });
  $app.store().set("oauth2log", log);
  e.next();
}, "users");
routerAdd("GET", "/test/oauth2log", (e) => e.json(200, $app.store().get("oauth2log") || []));
`

// TestSDKOAuth2 signs in through a real OIDC provider served on 127.0.0.1
// (authorize → code, token with client secret and PKCE, userinfo or
// id_token) with the official SDK.
func TestSDKOAuth2(t *testing.T) {
	t.Parallel()
	provider := oidcprovider.Start(t, "hookbase-client", "hookbase-secret")
	s := harness.Start(t, harness.Options{Hooks: map[string]string{"oauth2.pb.js": oauth2Hooks}})
	harness.RunNodeTestsEnv(t, s, []string{
		"HOOKBASE_OIDC_URL=" + provider.URL,
		"HOOKBASE_OIDC_CLIENT_ID=" + provider.ClientId,
		"HOOKBASE_OIDC_CLIENT_SECRET=" + provider.ClientSecret,
	}, "oauth2.test.mjs")
}
