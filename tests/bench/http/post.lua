-- POST a new post per request (titles and views vary).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"title":"bench ' .. n .. '","views":' .. (n % 1000) .. '}')
end
