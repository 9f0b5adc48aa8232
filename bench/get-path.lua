-- wrk script: GET one path (PARLEY_PATH) with the admin token; prints a RESULT line (report.lua).
local token = os.getenv("PARLEY_TOKEN")
local path = os.getenv("PARLEY_PATH")
dofile(os.getenv("PARLEY_BENCH_DIR") .. "/report.lua")

request = function()
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end
