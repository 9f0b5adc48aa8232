-- Shared by the wrk scripts: one summary line per run with throughput, latency percentiles and errors.
-- PARLEY_LABEL names the run.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
      "RESULT %-28s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  p999 %7.2f ms  non-2xx %d  socket errors %d\n",
      os.getenv("PARLEY_LABEL") or "run", summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
      e.status, e.connect + e.read + e.write + e.timeout))
end
