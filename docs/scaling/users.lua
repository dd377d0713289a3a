-- users.lua: a wrk script that asks for recommendations for users rotating
-- over ids 1..USERS (default 1,000,000), each wrk thread from its own
-- offset, so that with the server's cache off (-cache-mb 0) every request
-- is ranked afresh. COUNT (default 10) is the list length; CATEGORY, when
-- set, filters every request to that category.
--
--   USERS=1000000 wrk -t2 -c8 -d20s -s docs/scaling/users.lua http://127.0.0.1:8080
local users = tonumber(os.getenv("USERS") or "1000000")
local count = tonumber(os.getenv("COUNT") or "10")
local category = os.getenv("CATEGORY")
local threads, next_id = 0, 0
local query = "?count=" .. count
if category and category ~= "" then
  query = query .. "&category=" .. category:gsub("[^%w%-_.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end)
end

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  -- A stride prime to any user count spreads consecutive requests over
  -- the whole id range rather than walking neighbouring ids.
  next_id = (offset * 7919) % users
end

function request()
  next_id = (next_id + 104729) % users
  return wrk.format("GET", "/api/recommendations/" .. (next_id + 1) .. "/" .. query)
end
