#!/usr/bin/env bash
# SIP/TCP under a flood of half-sent connections: a running Parley (SIP on, a SIP domain admitting
# 127.0.0.0/8) gets CONNECTIONS connections spread over 127.0.0.x, PER_SOURCE from each, each holding
# half a request header. Prints the server's resident memory and open descriptors before, during and
# after, and how many connections it refused or timed out. Loopback only.
# Usage: bench/sip-tcp-flood.sh [connections, default 1000] [per source, default 50] [hold seconds, default 15]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
count="${1:-1000}"
per_source="${2:-50}"
hold="${3:-15}"
port=18093
sip_port=15064
data="$(mktemp -d)"
(cd "$root" && mvn -q -B -DskipTests package)
"$root/bin/parley" serve --port "$port" --data-dir "$data" --sip-listen "127.0.0.1:$sip_port" \
  > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
"$root/bin/parley" sip-domain create --name 127.0.0.1 --application-id "$app" --acl 127.0.0.0/8 --data-dir "$data" >/dev/null
java_pid=$(pgrep -P "$server" java || echo "$server")
rss() { awk '/VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$java_pid/status"; }
fds() { ls "/proc/$java_pid/fd" | wc -l; }
metric() { curl -s "localhost:$port/metrics" | awk -v m="$1" '$1 == m { printf "%d", $2 }'; }
echo "== before: RSS $(rss), descriptors $(fds)"
python3 "$root/bench/sip-tcp-flood.py" "$sip_port" "$count" "$per_source" "$hold" | while read -r line; do
  if [ "$line" = READY ]; then
    echo "== during: RSS $(rss), descriptors $(fds), connections open $(metric parley_sip_tcp_connections)"
    echo "   GET /health while flooded: $(curl -s -o /dev/null -w '%{http_code} in %{time_total} s' "localhost:$port/health")"
  else
    echo "$line"
  fi
done
echo "== after: RSS $(rss), descriptors $(fds), connections open $(metric parley_sip_tcp_connections)," \
  "refused $(metric parley_sip_tcp_refused_total), timed out $(metric parley_sip_tcp_timed_out_total)"
