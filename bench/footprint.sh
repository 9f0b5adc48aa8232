#!/usr/bin/env bash
# Footprint: time from launching `bin/parley serve` (fresh data directory, first start, so it also
# migrates and creates the default application) to /health answering, and to a second start on the
# same data; resident memory of the idle server. Usage: bench/footprint.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
(cd "$root" && mvn -q -B -DskipTests package) > /dev/null
data="$(mktemp -d)"
port=18098
server=""
trap 'kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
ready() {  # start the server; sets ms to the time until /health answers
  local t0
  t0=$(date +%s%N)
  "$root/bin/parley" serve --port "$port" --data-dir "$data" > /dev/null 2>&1 &
  server=$!
  until curl -sf "localhost:$port/health" >/dev/null; do sleep 0.02; done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}
ready
echo "== first start (migrations, default application): ready in $ms ms"
sleep 10
echo "== idle resident memory after 10 s: $(ps -o rss= -p "$server" | awk '{ printf "%.0f MB", $1 / 1024 }')"
kill "$server"; wait "$server" || true
ready
echo "== second start on the same data: ready in $ms ms"
sleep 10
echo "== idle resident memory after 10 s: $(ps -o rss= -p "$server" | awk '{ printf "%.0f MB", $1 / 1024 }')"
