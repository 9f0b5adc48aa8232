#!/usr/bin/env bash
# Fan-out benchmark: N socket.io sessions in one conversation, messages at a steady rate; prints
# delivery latency percentiles, deliveries/s and the CPU each side used.
# Usage: bench/fanout.sh [members, default 1000] [rate/s, default 10] [seconds, default 30]
# Environment: WARMUP (unmeasured seconds first, default 5), WORKERS (receiving processes, default 2),
# CLIENT (socket.io = socket.io-client, default; raw = the same frames over a bare WebSocket), PARLEY_JAVA_OPTS (server JVM flags).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
source "$root/bin/node-deps.sh"
members="${1:-1000}"
rate="${2:-10}"
seconds="${3:-30}"
port=18091
data="$(mktemp -d)"
install_node_deps "$root/src/test/node"
install_node_deps "$root/demo"
(cd "$root" && mvn -q -B -DskipTests package)
"$root/bin/parley" serve --rate-limit-application 0 --rate-limit-user 0 --port "$port" --data-dir "$data" --max-members "$((members + 10))" > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
status=0
node "$root/bench/fanout.mjs" --url "http://127.0.0.1:$port" --app "$app" --key "$data/default-app.key" \
  --members "$members" --rate "$rate" --seconds "$seconds" --warmup "${WARMUP:-5}" --workers "${WORKERS:-2}" --client "${CLIENT:-socket.io}" --server-pid "$server" || status=$?
curl -s "localhost:$port/metrics" | grep -E "^parley_rtc_closes" || true
echo "server: $(ps -o rss= -p $server | awk '{printf "%d MB RSS", $1/1024}'), $(jcmd $server GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' || echo heap n/a)"
exit "$status"
