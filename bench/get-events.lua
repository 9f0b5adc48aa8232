-- wrk script: read the newest page of events (GET .../events?order=desc&page_size=50).
local token = os.getenv("PARLEY_TOKEN")
local conversation = os.getenv("PARLEY_CONVERSATION")

request = function()
  return wrk.format("GET", "/v1/conversations/" .. conversation .. "/events?order=desc&page_size=50",
      {["Authorization"] = "Bearer " .. token})
end
