#!/usr/bin/env bash
# Append benchmark on PostgreSQL with one or more Parley nodes sharing one fresh database: wrk posts
# text messages (spread over CONVERSATIONS conversations) to every node at once; prints each node's
# wrk result and the total durable appends/s. Needs wrk and PostgreSQL at 127.0.0.1:5432 (trust).
# Usage: bench/postgres.sh [nodes, default 1] [duration, default 20s] [connections per node, default 32] [conversations, default 100]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
nodes="${1:-1}"
duration="${2:-20s}"
connections="${3:-32}"
conversations="${4:-100}"
command -v wrk >/dev/null || { echo "install wrk first (apt-get install wrk)" >&2; exit 1; }
source "$root/bench/fresh-postgres.sh"
for n in $(seq 1 "$nodes"); do
  mkdir -p "$data/$n"
  "$root/bin/parley" serve --rate-limit-application 0 --rate-limit-user 0 --port $((18100 + n)) --data-dir "$data/$n" --db-url "$url" > "$data/$n/serve.out" 2> "$data/$n/serve.err" &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "localhost:$((18100 + n))/health" >/dev/null && break; sleep 0.5; done
done
app=$(sed -n 's/^Created the default application //p' "$data/1/serve.out")
token=$("$root/bin/parley" jwt --application-id "$app" --private-key "$data/1/default-app.key")
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
targets=""
for c in $(seq 1 "$conversations"); do
  conversation=$(api -X POST "localhost:18101/v1/conversations" -d "{\"name\":\"bench-$c\"}" | sed 's/.*"id":"\(CON-[^"]*\)".*/\1/')
  api -X POST "localhost:18101/v1/users" -d "{\"name\":\"bench-$c\"}" >/dev/null
  m=$(api -X POST "localhost:18101/v1/conversations/$conversation/members" \
        -d "{\"state\":\"joined\",\"user\":{\"name\":\"bench-$c\"},\"channel\":{\"type\":\"app\"}}" | sed 's/^{"id":"\(MEM-[^"]*\)".*/\1/')
  targets="${targets:+$targets,}$conversation:$m"
done
export PARLEY_TOKEN="$token" PARLEY_TARGETS="$targets"
warmup="${WARMUP:-10s}"
echo "== warm-up ($warmup)"
for n in $(seq 1 "$nodes"); do
  wrk -t1 -c"$connections" -d"$warmup" -s "$root/bench/post-events.lua" "http://127.0.0.1:$((18100 + n))" > /dev/null &
done
wait $(jobs -p | grep -v -E "^($(IFS='|'; echo "${pids[*]}"))$") 2>/dev/null || true
echo "== POST events: $nodes node(s) on PostgreSQL, $connections connections each, $duration, $conversations conversations"
for n in $(seq 1 "$nodes"); do
  wrk -t1 -c"$connections" -d"$duration" --latency -s "$root/bench/post-events.lua" "http://127.0.0.1:$((18100 + n))" > "$data/wrk-$n.txt" &
done
sleep 1
while pgrep -f "wrk -t1 -c$connections -d$duration" >/dev/null; do sleep 0.5; done
total=0
for n in $(seq 1 "$nodes"); do
  echo "-- node $n"; grep -E "Latency|50%|99%|Requests/sec|Non-2xx" "$data/wrk-$n.txt"
  rps=$(awk '/Requests\/sec/ { print $2 }' "$data/wrk-$n.txt")
  total=$(awk -v a="$total" -v b="$rps" 'BEGIN { print a + b }')
done
echo "== total durable appends/s: $total"
psql -h 127.0.0.1 -U postgres -d "$db" -Atc "SELECT 'events stored: ' || count(*) FROM events"
