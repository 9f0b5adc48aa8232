-- wrk script: POST text messages from a rotating set of joined members.
-- Environment: PARLEY_TOKEN, PARLEY_CONVERSATION, PARLEY_MEMBERS (comma-separated member ids), or
-- PARLEY_TARGETS (comma-separated conversation:member pairs, to spread over conversations).
local token = os.getenv("PARLEY_TOKEN")
local targets = {}
if os.getenv("PARLEY_TARGETS") then
  for c, m in string.gmatch(os.getenv("PARLEY_TARGETS"), "([^,:]+):([^,]+)") do
    table.insert(targets, {c, m})
  end
else
  for id in string.gmatch(os.getenv("PARLEY_MEMBERS"), "[^,]+") do
    table.insert(targets, {os.getenv("PARLEY_CONVERSATION"), id})
  end
end
-- Requests are built once per target (at the first call, when wrk knows the Host header): wrk and
-- the server share the machine's cores, and formatting every request in Lua costs the load
-- generator CPU the server could use.
local requests = nil
local n = 0

local function build()
  requests = {}
  for i, target in ipairs(targets) do
    local conversation, from = target[1], target[2]
    local body = '{"type":"message","from":"' .. from ..
        '","body":{"message_type":"text","text":"load message ' .. i .. '"}}'
    requests[i] = wrk.format("POST", "/v1/conversations/" .. conversation .. "/events",
        {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
  end
end

request = function()
  if requests == nil then
    build()
  end
  n = n + 1
  return requests[(n % #requests) + 1]
end

if os.getenv("PARLEY_BENCH_DIR") then
  dofile(os.getenv("PARLEY_BENCH_DIR") .. "/report.lua")
else
  response = function(status, headers, body)
    if status ~= 201 then
      print("unexpected status " .. status .. ": " .. body)
    end
  end
end
