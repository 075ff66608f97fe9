-- PATCH the same record (the URL's) with a changing title and views.
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"title":"patched ' .. n .. '","views":' .. (n % 1000) .. '}')
end
