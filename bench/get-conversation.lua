-- wrk script: GET /v1/conversations/{id}, the cheapest authenticated endpoint (the HTTP ceiling).
-- Environment: PARLEY_TOKEN, PARLEY_CONVERSATION, PARLEY_BENCH_DIR.
local token = os.getenv("PARLEY_TOKEN")
local path = "/v1/conversations/" .. os.getenv("PARLEY_CONVERSATION")
dofile(os.getenv("PARLEY_BENCH_DIR") .. "/report.lua")

request = function()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
