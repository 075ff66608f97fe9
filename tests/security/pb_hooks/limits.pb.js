// A route with a small body limit that reads its body, for the body-limit
// tests of tests/security_test.go.
routerAdd("POST", "/sec/limited", (e) => {
  const info = e.requestInfo()
  return e.json(200, { keys: Object.keys(info.body || {}).length })
}, $apis.bodyLimit(1024))
