#!/usr/bin/env bash
# Tenant isolation under a flood (issue 12): tenant B appends from a few connections, first alone, then
# while tenant A floods the same node from many connections, on a server with serve's default limits
# (fair share; FAIR_SHARE_SLOTS=n for another slot count) and, for comparison, on one with fair share off
# (SKIP_OFF=1 skips it). Prints RESULT lines (req/s, p50/p99/p999,
# non-2xx = 429s) for each tenant. SQLite. Needs wrk.
# Usage: bench/fairness.sh [duration, default 20s] [flood connections, default 256] [B connections, default 4]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
duration="${1:-20s}"
flood="${2:-256}"
quiet="${3:-4}"
port=18097
if curl -sf "localhost:$port/health" >/dev/null; then echo "port $port is taken" >&2; exit 1; fi
command -v wrk >/dev/null || { echo "install wrk first (apt-get install wrk)" >&2; exit 1; }
(cd "$root" && mvn -q -B -DskipTests package) > /dev/null
export PARLEY_BENCH_DIR="$root/bench"

one_server() {  # label, extra serve flags...
  local label="$1"; shift
  local data; data="$(mktemp -d)"
  "$root/bin/parley" serve "$@" --port "$port" --data-dir "$data" > "$data/serve.out" 2> "$data/serve.err" &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
  local app_a token_a app_b token_b
  app_a=$(sed -n 's/^Created the default application //p' "$data/serve.out")
  token_a=$("$root/bin/parley" jwt --application-id "$app_a" --private-key "$data/default-app.key")
  app_b=$("$root/bin/parley" app create --name tenant-b --private-key-out "$data/b.key" --data-dir "$data" \
    | sed -n 's/^ *"id" *: *"\([^"]*\)".*/\1/p')
  token_b=$("$root/bin/parley" jwt --application-id "$app_b" --private-key "$data/b.key")
  targets() {  # token name -> conversation:member
    local token="$1" name="$2" api c m
    api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
    c=$(api -X POST "localhost:$port/v1/conversations" -d "{\"name\":\"$name\"}" | sed 's/.*"id":"\(CON-[^"]*\)".*/\1/')
    api -X POST "localhost:$port/v1/users" -d "{\"name\":\"$name\"}" >/dev/null
    m=$(api -X POST "localhost:$port/v1/conversations/$c/members" \
      -d "{\"state\":\"joined\",\"user\":{\"name\":\"$name\"},\"channel\":{\"type\":\"app\"}}" | sed 's/^{"id":"\(MEM-[^"]*\)".*/\1/')
    echo "$c:$m"
  }
  local a b
  a="$(targets "$token_a" flood-1),$(targets "$token_a" flood-2),$(targets "$token_a" flood-3)"
  b="$(targets "$token_b" quiet)"
  echo "== $label"
  PARLEY_TOKEN="$token_b" PARLEY_TARGETS="$b" PARLEY_LABEL="warm-up" \
    wrk -t1 -c"$quiet" -d10s -s "$root/bench/post-events.lua" "http://127.0.0.1:$port" >/dev/null
  PARLEY_TOKEN="$token_b" PARLEY_TARGETS="$b" PARLEY_LABEL="B alone ($quiet conns)" \
    wrk -t1 -c"$quiet" -d"$duration" -s "$root/bench/post-events.lua" "http://127.0.0.1:$port" | grep '^RESULT'
  # A floods for the whole of B's run and a little longer on both sides.
  local seconds="${duration%s}"
  PARLEY_TOKEN="$token_a" PARLEY_TARGETS="$a" PARLEY_LABEL="A flooding ($flood conns)" \
    wrk -t1 -c"$flood" -d"$((seconds + 6))s" -s "$root/bench/post-events.lua" "http://127.0.0.1:$port" \
    | grep '^RESULT' &
  local flooder=$!
  sleep 3
  PARLEY_TOKEN="$token_b" PARLEY_TARGETS="$b" PARLEY_LABEL="B under the flood" \
    wrk -t1 -c"$quiet" -d"$duration" -s "$root/bench/post-events.lua" "http://127.0.0.1:$port" | grep '^RESULT'
  wait "$flooder"
  curl -s "localhost:$port/metrics" | grep '^parley_requests_refused_total' | sed 's/^/   /'
  kill "$server"; wait "$server" 2>/dev/null || true
  rm -rf "$data"
}

echo "== $(nproc) cores, SQLite, $duration per run"
if [ -n "${FAIR_SHARE_SLOTS:-}" ]; then
  one_server "fair share, $FAIR_SHARE_SLOTS slots" --fair-share-slots "$FAIR_SHARE_SLOTS"
else
  one_server "serve's defaults (fair share, 256 slots)"
fi
[ -n "${SKIP_OFF:-}" ] || one_server "fair share off" --fair-share-slots 0
