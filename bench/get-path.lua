-- wrk script: GET one path (PARLEY_PATH) with the admin token; prints a RESULT line (report.lua).
local token = os.getenv("PARLEY_TOKEN")
local path = os.getenv("PARLEY_PATH")
dofile(os.getenv("PARLEY_BENCH_DIR") .. "/report.lua")

local built = nil

request = function()
  -- Built at the first call (when wrk knows the Host header), not per request.
  built = built or wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
  return built
end
