package apis

// appleNameStoreKey prefixes the app store key of the user name Apple posts
// to the redirect once (keyed by the code, read by auth-with-oauth2).
const appleNameStoreKey = "@hbOAuth2AppleName_"
