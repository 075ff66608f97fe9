package bindings

import "testing"

func TestJSName(t *testing.T) {
	cases := map[string]string{
		"JSON": "json", "JSONField": "jsonField", "GetField": "getField", "OAuth2": "oauth2",
		"OAuth2Config": "oauth2Config", "FindRecordById": "findRecordById", "Id": "id", "ID": "id",
		"DB": "db", "URLField": "urlField", "S3": "s3", "HTML": "html", "already": "already",
		"MFA": "mfa", "RequestInfo": "requestInfo", "IsTLS": "isTLS", "RealIP": "realIP",
	}
	for in, want := range cases {
		if got := JSName(in); got != want {
			t.Errorf("JSName(%q) = %q, want %q", in, got, want)
		}
	}
}
