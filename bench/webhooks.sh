#!/usr/bin/env bash
# Webhook benchmark: durable event appends (wrk) into CONVERSATIONS conversations (1 = one hot,
# strictly ordered lane) while every event is delivered to a fast local receiver; prints the append
# rate, the delivery rate and the lag from each event's timestamp to its delivery. Needs wrk and node.
# Usage: bench/webhooks.sh [duration, default 20s] [connections, default 32] [conversations, default 1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
duration="${1:-20s}"
connections="${2:-32}"
conversations="${3:-1}"
port=18090
hook_port=18097
data="$(mktemp -d)"
command -v wrk >/dev/null || { echo "install wrk first (apt-get install wrk)" >&2; exit 1; }
(cd "$root" && mvn -q -B -DskipTests package)
node "$root/bench/webhook-receiver.mjs" "$hook_port" &
receiver=$!
"$root/bin/parley" serve --rate-limit-application 0 --rate-limit-user 0 --port "$port" --data-dir "$data" > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server $receiver 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
"$root/bin/parley" app update --id "$app" --event-url "http://127.0.0.1:$hook_port/hooks" --data-dir "$data" >/dev/null
token=$("$root/bin/parley" jwt --application-id "$app" --private-key "$data/default-app.key")
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
targets=""
for c in $(seq 1 "$conversations"); do
  conversation=$(api -X POST "localhost:$port/v1/conversations" -d "{\"name\":\"bench-$c\"}" | sed 's/.*"id":"\(CON-[^"]*\)".*/\1/')
  for i in $(seq 1 $(( conversations == 1 ? 20 : 2 ))); do
    api -X POST "localhost:$port/v1/users" -d "{\"name\":\"bench-$c-$i\"}" >/dev/null
    m=$(api -X POST "localhost:$port/v1/conversations/$conversation/members" \
          -d "{\"state\":\"joined\",\"user\":{\"name\":\"bench-$c-$i\"},\"channel\":{\"type\":\"app\"}}" | sed 's/^{"id":"\(MEM-[^"]*\)".*/\1/')
    targets="${targets:+$targets,}$conversation:$m"
  done
done
export PARLEY_TOKEN="$token" PARLEY_TARGETS="$targets"
echo "== POST events with a webhook each: $connections connections, $duration, $conversations conversation(s)"
start=$(date +%s.%N)
wrk -t2 -c"$connections" -d"$duration" --latency -s "$root/bench/post-events.lua" "http://127.0.0.1:$port"
stored=$(curl -s "localhost:$port/metrics" | awk '/^parley_stream_routed_position/ { printf "%d", $2 }')
at_end=$(curl -s "localhost:$hook_port/stats")
echo "== at the end of the load: $stored events stored (incl. member joins); receiver: $at_end"
for _ in $(seq 1 600); do
  distinct=$(curl -s "localhost:$hook_port/stats" | sed 's/.*"distinct":\([0-9]*\).*/\1/')
  [ "$distinct" -ge "$stored" ] && break
  sleep 0.1
done
end=$(date +%s.%N)
stats=$(curl -s "localhost:$hook_port/stats")
echo "== all delivered: $stats"
awk -v n="$stored" -v s="$start" -v e="$end" 'BEGIN { printf "== %d webhooks in %.1f s from the start of the load: %.0f deliveries/s\n", n, e - s, n / (e - s) }'
curl -s "localhost:$port/metrics" | grep -E "^parley_webhooks" || true
