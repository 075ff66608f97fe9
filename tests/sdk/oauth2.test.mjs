// OAuth2 sign-in through a real OIDC provider (tests/oidcprovider, on
// 127.0.0.1) with the official SDK. Run by tests/oauth2_test.go.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import PocketBase from "pocketbase";
import { EventSource } from "eventsource";

// the SDK's popup flow listens on the realtime connection
globalThis.EventSource = EventSource;

const url = process.env.HOOKBASE_URL;
const suEmail = process.env.HOOKBASE_SU_EMAIL;
const suPassword = process.env.HOOKBASE_SU_PASSWORD;
const idp = process.env.HOOKBASE_OIDC_URL;
const clientId = process.env.HOOKBASE_OIDC_CLIENT_ID;
const clientSecret = process.env.HOOKBASE_OIDC_CLIENT_SECRET;
if (!idp) throw new Error("HOOKBASE_OIDC_URL must be set (run through go test)");

const REDIRECT = "http://app.example.test/oauth2-done";
const PASSWORD = "a-good-password-1";

function client() {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  return pb;
}
const su = client();

async function rejectsWith(promise, status, check) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.status, status, JSON.stringify(err.response));
    if (check) check(err.response);
    return true;
  });
}

async function idpUser(user) {
  const res = await fetch(idp + "/_test/users", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  assert.equal(res.status, 204);
}

function oidcProvider(name, extra = {}) {
  return Object.assign(
    {
      name,
      clientId,
      clientSecret,
      authURL: idp + "/authorize",
      tokenURL: idp + "/token",
      userInfoURL: idp + "/userinfo",
      displayName: "Test IdP",
    },
    extra,
  );
}

// authorize runs the provider's consent for a user: what a browser does
// with the authURL; answers {code, state}.
async function authorize(provider, loginHint, redirect = REDIRECT) {
  const res = await fetch(provider.authURL + encodeURIComponent(redirect) + "&login_hint=" + loginHint, { redirect: "manual" });
  assert.equal(res.status, 302, await res.text());
  const back = new URL(res.headers.get("location"));
  assert.equal(back.origin + back.pathname, redirect);
  return { code: back.searchParams.get("code"), state: back.searchParams.get("state") };
}

async function methodsProvider(name, pb = client()) {
  const methods = await pb.collection("users").listAuthMethods();
  const p = methods.oauth2.providers.find((x) => x.name === name);
  assert.ok(p, `provider ${name} not listed`);
  return p;
}

async function hookLog() {
  return (await fetch(url + "/test/oauth2log")).json();
}

before(async () => {
  await su.collection("_superusers").authWithPassword(suEmail, suPassword);
});

test("OAuth2 is 403 while disabled; providers are validated on save", async () => {
  await rejectsWith(client().collection("users").authWithOAuth2Code("oidc", "code", "v", REDIRECT), 403, (r) =>
    assert.equal(r.message, "The collection is not configured to allow OAuth2 authentication."),
  );
  await rejectsWith(su.collections.update("users", { oauth2: { enabled: true, providers: [oidcProvider("nope")] } }), 400, (r) =>
    assert.equal(r.data.oauth2.providers["0"].name.code, "validation_missing_provider"),
  );
  await rejectsWith(
    su.collections.update("users", { oauth2: { enabled: true, providers: [oidcProvider("oidc", { clientSecret: "" })] } }),
    400,
    (r) => assert.equal(r.data.oauth2.providers["0"].clientSecret.code, "validation_required"),
  );
  await rejectsWith(
    su.collections.update("users", { oauth2: { enabled: true, providers: [oidcProvider("oidc"), oidcProvider("oidc")] } }),
    400,
    (r) => assert.equal(r.data.oauth2.providers["1"].name.code, "validation_duplicated_provider"),
  );
  await su.collections.update("users", {
    oauth2: {
      enabled: true,
      mappedFields: { name: "name" },
      providers: [
        oidcProvider("oidc"),
        // no userInfoURL: the user comes from the id_token, checked against the JWKS
        oidcProvider("oidc2", { userInfoURL: "", extra: { jwksURL: idp + "/jwks", issuers: [idp] } }),
        oidcProvider("oidc3", { pkce: false }),
      ],
    },
  });
});

test("auth-methods lists each provider with authURL, state and PKCE", async () => {
  const methods = await client().collection("users").listAuthMethods();
  assert.equal(methods.oauth2.enabled, true);
  assert.deepEqual(methods.oauth2.providers.map((p) => p.name), ["oidc", "oidc2", "oidc3"]);
  const p = methods.oauth2.providers[0];
  assert.equal(p.displayName, "Test IdP");
  assert.match(p.state, /^\w{30}$/);
  assert.match(p.codeVerifier, /^\w{43}$/);
  assert.equal(p.codeChallengeMethod, "S256");
  const auth = new URL(p.authURL + "x");
  assert.equal(auth.origin + auth.pathname, idp + "/authorize");
  assert.equal(auth.searchParams.get("client_id"), clientId);
  assert.equal(auth.searchParams.get("state"), p.state);
  assert.equal(auth.searchParams.get("code_challenge"), p.codeChallenge);
  assert.equal(auth.searchParams.get("scope"), "openid email profile");
  assert.ok(p.authURL.endsWith("&redirect_uri="));
  assert.equal(p.authUrl, p.authURL);
  const noPkce = methods.oauth2.providers[2];
  assert.equal(noPkce.codeVerifier, "");
  assert.ok(!noPkce.authURL.includes("code_challenge"));
  // the legacy fields older SDKs read
  assert.equal(methods.authProviders.length, 3);
  assert.equal(methods.authProviders[0].logo, "");
  assert.equal(methods.emailPassword, true);
});

test("a first sign-in creates the account (createData over mapped fields) and links it", async () => {
  await idpUser({ key: "ann", sub: "idp-ann", email: "ann@idp.test", email_verified: true, name: "Ann From IdP", preferred_username: "ann" });
  const p = await methodsProvider("oidc");
  const { code, state } = await authorize(p, "ann");
  assert.equal(state, p.state);

  const pb = client();
  const auth = await pb.collection("users").authWithOAuth2Code("oidc", code, p.codeVerifier, REDIRECT, { name: "Ann Chosen" });
  assert.ok(pb.authStore.isValid);
  assert.equal(auth.record.email, "ann@idp.test");
  assert.equal(auth.record.verified, true);
  assert.equal(auth.record.name, "Ann Chosen");
  assert.equal(auth.meta.isNew, true);
  assert.equal(auth.meta.id, "idp-ann");
  assert.equal(auth.meta.email, "ann@idp.test");
  assert.equal(auth.meta.rawUser.sub, "idp-ann");
  assert.ok(auth.meta.accessToken);
  const links = await su.collection("_externalAuths").getFullList({ filter: `recordRef = "${auth.record.id}"` });
  assert.equal(links.length, 1);
  assert.equal(links[0].provider, "oidc");
  assert.equal(links[0].providerId, "idp-ann");

  // the code was used; a second sign-in finds the linked account
  await rejectsWith(client().collection("users").authWithOAuth2Code("oidc", code, p.codeVerifier, REDIRECT), 400, (r) =>
    assert.equal(r.message, "Failed to fetch OAuth2 token."),
  );
  const p2 = await methodsProvider("oidc");
  const again = await client().collection("users").authWithOAuth2Code("oidc", (await authorize(p2, "ann")).code, p2.codeVerifier, REDIRECT);
  assert.equal(again.record.id, auth.record.id);
  assert.equal(again.meta.isNew, false);

  const log = await hookLog();
  assert.ok(log.some((l) => l.providerName === "oidc" && l.email === "ann@idp.test" && l.isNewRecord && !l.hasRecord && l.createData.name === "Ann Chosen"));
  assert.ok(log.some((l) => l.providerName === "oidc" && !l.isNewRecord && l.hasRecord));
});

test("the mapped name is used without createData; unverified provider emails do not link", async () => {
  await idpUser({ key: "bob", sub: "idp-bob", email: "bob@idp.test", email_verified: true, name: "Bob From IdP" });
  const p = await methodsProvider("oidc");
  const auth = await client().collection("users").authWithOAuth2Code("oidc", (await authorize(p, "bob")).code, p.codeVerifier, REDIRECT);
  assert.equal(auth.record.name, "Bob From IdP");

  // an existing account with the provider's email, but the provider does not vouch for it
  await su.collection("users").create({ email: "eve@example.com", password: PASSWORD, passwordConfirm: PASSWORD });
  await idpUser({ key: "eve", sub: "idp-eve", email: "eve@example.com", email_verified: false, name: "Not Eve" });
  const p2 = await methodsProvider("oidc");
  await rejectsWith(
    client().collection("users").authWithOAuth2Code("oidc", (await authorize(p2, "eve")).code, p2.codeVerifier, REDIRECT),
    400,
  );
  const eve = await client().collection("users").authWithPassword("eve@example.com", PASSWORD);
  assert.equal(eve.record.verified, false);
});

test("a verified provider email signs into the existing account, proving it", async () => {
  const existing = await su.collection("users").create({ email: "carol@example.com", password: PASSWORD, passwordConfirm: PASSWORD });
  await idpUser({ key: "carol", sub: "idp-carol", email: "carol@example.com", email_verified: true, name: "Carol" });
  const p = await methodsProvider("oidc");
  const auth = await client().collection("users").authWithOAuth2Code("oidc", (await authorize(p, "carol")).code, p.codeVerifier, REDIRECT);
  assert.equal(auth.record.id, existing.id);
  assert.equal(auth.record.verified, true);
  assert.equal(auth.meta.isNew, false);
  // the unproven password set before could be anyone's: it is replaced
  await rejectsWith(client().collection("users").authWithPassword("carol@example.com", PASSWORD), 400);
});

test("a signed-in user links another provider identity to their account", async () => {
  await su.collection("users").create({ email: "dan@example.com", password: PASSWORD, passwordConfirm: PASSWORD, verified: true });
  const pb = client();
  await pb.collection("users").authWithPassword("dan@example.com", PASSWORD);
  await idpUser({ key: "dan-work", sub: "idp-dan-work", email: "dan@work.test", email_verified: true, name: "Dan" });
  const p = await methodsProvider("oidc3", pb);
  const auth = await pb.collection("users").authWithOAuth2Code("oidc3", (await authorize(p, "dan-work")).code, "", REDIRECT);
  assert.equal(auth.record.email, "dan@example.com");
  const links = await su.collection("_externalAuths").getFullList({ filter: `recordRef = "${auth.record.id}"` });
  assert.deepEqual(links.map((l) => [l.provider, l.providerId]), [["oidc3", "idp-dan-work"]]);
  const again = await client().collection("users").authWithOAuth2Code("oidc3", (await authorize(p, "dan-work")).code, "", REDIRECT);
  assert.equal(again.record.email, "dan@example.com");
});

test("the id_token provider reads the user from a JWKS-checked id_token", async () => {
  await idpUser({ key: "fay", sub: "idp-fay", email: "fay@idp.test", email_verified: true, name: "Fay" });
  const p = await methodsProvider("oidc2");
  const auth = await client().collection("users").authWithOAuth2Code("oidc2", (await authorize(p, "fay")).code, p.codeVerifier, REDIRECT);
  assert.equal(auth.record.email, "fay@idp.test");
  assert.equal(auth.meta.rawUser.iss, idp);
});

test("errors: provider, code, PKCE verifier, redirect URL, createRule", async () => {
  const pb = client();
  await rejectsWith(pb.collection("users").authWithOAuth2Code("github", "c", "v", REDIRECT), 400, (r) =>
    assert.equal(r.data.provider.code, "validation_invalid_provider"),
  );
  await rejectsWith(pb.collection("users").authWithOAuth2Code("oidc", "", "v", REDIRECT), 400, (r) =>
    assert.equal(r.data.code.code, "validation_required"),
  );
  await idpUser({ key: "gus", sub: "idp-gus", email: "gus@idp.test", email_verified: true, name: "Gus" });
  let p = await methodsProvider("oidc");
  await rejectsWith(pb.collection("users").authWithOAuth2Code("oidc", (await authorize(p, "gus")).code, "wrong-verifier", REDIRECT), 400, (r) =>
    assert.equal(r.message, "Failed to fetch OAuth2 token."),
  );
  p = await methodsProvider("oidc");
  await rejectsWith(
    pb.collection("users").authWithOAuth2Code("oidc", (await authorize(p, "gus")).code, p.codeVerifier, "http://elsewhere.test/"),
    400,
  );
  const failures = await (await fetch(idp + "/_test/failures")).json();
  assert.ok(failures.some((f) => /PKCE/.test(f)));
  assert.ok(failures.some((f) => /redirect_uri/.test(f)));

  // sign-ups follow the createRule
  const users = await su.collections.getOne("users");
  await su.collections.update("users", { createRule: null });
  try {
    p = await methodsProvider("oidc");
    await rejectsWith(pb.collection("users").authWithOAuth2Code("oidc", (await authorize(p, "gus")).code, p.codeVerifier, REDIRECT), 403);
    assert.equal((await su.collection("users").getFullList({ filter: 'email = "gus@idp.test"' })).length, 0);
  } finally {
    await su.collections.update("users", { createRule: users.createRule });
  }
  // superusers never sign up with OAuth2
  await su.collections.update("_superusers", { oauth2: { enabled: true, providers: [oidcProvider("oidc")] } });
  const sp = (await client().collection("_superusers").listAuthMethods()).oauth2.providers[0];
  await rejectsWith(
    client().collection("_superusers").authWithOAuth2Code("oidc", (await authorize(sp, "gus")).code, sp.codeVerifier, REDIRECT),
    400,
    (r) => assert.equal(r.message, "Failed to authenticate."),
  );
});

test("the SDK popup flow: authWithOAuth2({provider}) through /api/oauth2-redirect and the @oauth2 topic", async () => {
  await idpUser({ key: "hal", sub: "idp-hal", email: "hal@idp.test", email_verified: true, name: "Hal" });
  const pb = client();
  let opened = "";
  let redirectPage = "";
  const auth = await pb.collection("users").authWithOAuth2({
    provider: "oidc",
    createData: { name: "Hal Popup" },
    // instead of a browser popup: open the URL with fetch and follow the
    // provider's redirect back to hookbase
    urlCallback: async (authURL) => {
      opened = authURL;
      const res = await fetch(authURL + "&login_hint=hal");
      redirectPage = await res.text();
    },
  });
  assert.ok(opened.includes(encodeURIComponent(url + "/api/oauth2-redirect")));
  assert.equal(redirectPage, "Auth completed. You can close this window and go back to the app.");
  assert.equal(auth.record.email, "hal@idp.test");
  assert.equal(auth.record.name, "Hal Popup");
  assert.equal(auth.meta.isNew, true);
  assert.ok(pb.authStore.isValid);
  pb.realtime.unsubscribe();
});

test("oauth2-redirect: an unknown state, or a provider error, is a failure page and rejects the SDK", async () => {
  const res = await fetch(url + "/api/oauth2-redirect?state=nobody&code=x");
  assert.equal(res.status, 200);
  assert.equal(await res.text(), "Failed to authenticate. You can close this window and go back to the app to try again.");

  const pb = client();
  await assert.rejects(
    pb.collection("users").authWithOAuth2({
      provider: "oidc",
      urlCallback: async (authURL) => {
        const redirect = new URL(decodeURIComponent(authURL.split("redirect_uri=")[1]));
        const state = new URL(authURL).searchParams.get("state");
        const page = await fetch(`${redirect}?state=${state}&error=access_denied`);
        assert.match(await page.text(), /^Failed to authenticate/);
      },
    }),
    (err) => {
      assert.match(String(err.originalError?.message || err.message), /access_denied|OAuth2/);
      return true;
    },
  );
  pb.realtime.unsubscribe();
});

test("the avatar is downloaded into the mapped file field; internal addresses are refused", async () => {
  await su.collections.update("users", { oauth2: { mappedFields: { name: "name", avatarURL: "avatar" } } });
  await idpUser({ key: "ivy", sub: "idp-ivy", email: "ivy@idp.test", email_verified: true, name: "Ivy", picture: idp + "/avatar.png" });
  let p = await methodsProvider("oidc");
  const auth = await client().collection("users").authWithOAuth2Code("oidc", (await authorize(p, "ivy")).code, p.codeVerifier, REDIRECT);
  assert.match(auth.record.avatar, /^avatar_\w+\.png$/);
  const file = await fetch(url + "/api/files/users/" + auth.record.id + "/" + auth.record.avatar);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get("content-type"), "image/png");

  // an avatar URL on another, internal host is never fetched (SSRF)
  await idpUser({ key: "jon", sub: "idp-jon", email: "jon@idp.test", email_verified: true, name: "Jon", picture: "http://127.0.0.2:1/secret.png" });
  p = await methodsProvider("oidc");
  const jon = await client().collection("users").authWithOAuth2Code("oidc", (await authorize(p, "jon")).code, p.codeVerifier, REDIRECT);
  assert.equal(jon.record.avatar, "");
  await su.collections.update("users", { oauth2: { mappedFields: { name: "name", avatarURL: "" } } });
});

test("MFA: OAuth2 as the first factor, the password as the second", async () => {
  await su.collection("users").create({ email: "kim@idp.test", password: PASSWORD, passwordConfirm: PASSWORD, verified: true });
  await idpUser({ key: "kim", sub: "idp-kim", email: "kim@idp.test", email_verified: true, name: "Kim" });
  await su.collections.update("users", { mfa: { enabled: true, duration: 300, rule: "" } });
  try {
    const p = await methodsProvider("oidc");
    let mfaId;
    await rejectsWith(
      client().collection("users").authWithOAuth2Code("oidc", (await authorize(p, "kim")).code, p.codeVerifier, REDIRECT),
      401,
      (r) => (mfaId = r.mfaId),
    );
    assert.match(mfaId, /^\w{15}$/);
    const mfa = await su.collection("_mfas").getOne(mfaId);
    assert.equal(mfa.method, "oauth2");
    const auth = await client().collection("users").authWithPassword("kim@idp.test", PASSWORD, { mfaId });
    assert.equal(auth.record.email, "kim@idp.test");
  } finally {
    await su.collections.update("users", { mfa: { enabled: false } });
  }
});

test("collections/meta/oauth2-providers lists every provider for superusers", async () => {
  const list = await su.collections.getAllOAuth2Providers();
  const names = list.map((p) => p.name);
  for (const name of ["google", "github", "apple", "microsoft", "discord", "oidc", "oidc2", "oidc3"]) {
    assert.ok(names.includes(name), name);
  }
  assert.deepEqual(names.slice(-3), ["oidc", "oidc2", "oidc3"]);
  assert.deepEqual(Object.keys(list[0]).sort(), ["displayName", "logo", "name"]);
  await rejectsWith(client().collections.getAllOAuth2Providers(), 401);
});

test("oauth2-redirect also takes the provider's form_post (POST)", async () => {
  await idpUser({ key: "lea", sub: "idp-lea", email: "lea@idp.test", email_verified: true, name: "Lea" });
  const pb = client();
  let page = "";
  const auth = await pb.collection("users").authWithOAuth2({
    provider: "oidc",
    urlCallback: async (authURL) => {
      const res = await fetch(authURL + "&login_hint=lea", { redirect: "manual" });
      const back = new URL(res.headers.get("location"));
      const form = new URLSearchParams({ state: back.searchParams.get("state"), code: back.searchParams.get("code") });
      const post = await fetch(back.origin + back.pathname, { method: "POST", body: form });
      page = await post.text();
    },
  });
  assert.equal(page, "Auth completed. You can close this window and go back to the app.");
  assert.equal(auth.record.email, "lea@idp.test");
  pb.realtime.unsubscribe();
});

test("settings: the Apple client secret is an ES256 JWT signed with the given key", async () => {
  const crypto = await import("node:crypto");
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" });
  const { secret } = await su.settings.generateAppleClientSecret("com.example.app", "TEAM123456", "KEY1234567", pem, 3600);
  const [h, p, s] = secret.split(".");
  const header = JSON.parse(Buffer.from(h, "base64url"));
  const payload = JSON.parse(Buffer.from(p, "base64url"));
  assert.deepEqual([header.alg, header.kid], ["ES256", "KEY1234567"]);
  assert.equal(payload.iss, "TEAM123456");
  assert.equal(payload.sub, "com.example.app");
  assert.deepEqual(payload.aud, ["https://appleid.apple.com"]);
  assert.equal(payload.exp - payload.iat, 3600);
  const ok = crypto.verify("sha256", Buffer.from(h + "." + p), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url"));
  assert.ok(ok, "signature");

  await rejectsWith(su.settings.generateAppleClientSecret("c", "short", "KEY1234567", "nope", 0), 400, (r) => {
    assert.equal(r.message, "Invalid client secret data.");
    assert.ok(r.data.teamId && r.data.privateKey && r.data.duration);
  });
  await rejectsWith(client().settings.generateAppleClientSecret("c", "TEAM123456", "KEY1234567", pem, 10), 401);
});
