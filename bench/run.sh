#!/usr/bin/env bash
# Benchmark: event appends and event reads against a fresh Parley on SQLite.
# Needs wrk (Debian package "wrk"). Usage: bench/run.sh [duration, default 30s] [connections, default 32]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-30s}"
connections="${2:-32}"
port=18090
data="$(mktemp -d)"
command -v wrk >/dev/null || { echo "install wrk first (apt-get install wrk)" >&2; exit 1; }
"$root/bin/parley" serve --rate-limit-application 0 --rate-limit-user 0 --port "$port" --data-dir "$data" > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
token=$("$root/bin/parley" jwt --application-id "$app" --private-key "$data/default-app.key")
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
conversation=$(api -X POST "localhost:$port/v1/conversations" -d '{"name":"bench"}' | sed 's/.*"id":"\(CON-[^"]*\)".*/\1/')
members=""
for i in $(seq 1 20); do
  api -X POST "localhost:$port/v1/users" -d "{\"name\":\"bench-$i\"}" >/dev/null
  m=$(api -X POST "localhost:$port/v1/conversations/$conversation/members" \
        -d "{\"state\":\"joined\",\"user\":{\"name\":\"bench-$i\"},\"channel\":{\"type\":\"app\"}}" | sed 's/^{"id":"\(MEM-[^"]*\)".*/\1/')
  members="${members:+$members,}$m"
done
export PARLEY_TOKEN="$token" PARLEY_CONVERSATION="$conversation" PARLEY_MEMBERS="$members"
echo "== warm-up (10s)"
wrk -t2 -c"$connections" -d10s -s "$root/bench/post-events.lua" "http://127.0.0.1:$port" >/dev/null
echo "== POST events: $connections connections, $duration, 20 senders, one conversation"
wrk -t2 -c"$connections" -d"$duration" --latency -s "$root/bench/post-events.lua" "http://127.0.0.1:$port"
echo "== GET newest 50 events: $connections connections, $duration"
wrk -t2 -c"$connections" -d"$duration" --latency -s "$root/bench/get-events.lua" "http://127.0.0.1:$port"
last=$(api "localhost:$port/v1/conversations/$conversation" | sed 's/.*"sequence_number":\([0-9]*\).*/\1/')
echo "== conversation sequence_number after the run: $last"
