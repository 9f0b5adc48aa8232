-- wrk script: POST text messages into one conversation from a rotating set of joined members.
-- Environment: PARLEY_TOKEN, PARLEY_CONVERSATION, PARLEY_MEMBERS (comma-separated member ids).
local token = os.getenv("PARLEY_TOKEN")
local conversation = os.getenv("PARLEY_CONVERSATION")
local members = {}
for id in string.gmatch(os.getenv("PARLEY_MEMBERS"), "[^,]+") do
  table.insert(members, id)
end
local n = 0

request = function()
  n = n + 1
  local from = members[(n % #members) + 1]
  local body = '{"type":"message","from":"' .. from ..
      '","body":{"message_type":"text","text":"load message ' .. n .. '"}}'
  return wrk.format("POST", "/v1/conversations/" .. conversation .. "/events",
      {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    print("unexpected status " .. status .. ": " .. body)
  end
end
