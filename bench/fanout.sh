#!/usr/bin/env bash
# Fan-out benchmark: N Client SDK sessions in one conversation, messages at a steady rate; prints
# delivery latency percentiles. Usage: bench/fanout.sh [members, default 1000] [rate/s, default 20] [seconds, default 30]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
members="${1:-1000}"
rate="${2:-20}"
seconds="${3:-30}"
port=18091
data="$(mktemp -d)"
(cd "$root" && mvn -q -B -DskipTests package test-compile)
cp_file="$data/classpath"
(cd "$root" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test)
"$root/bin/parley" serve --port "$port" --data-dir "$data" --max-members "$((members + 10))" > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
"$JAVA_HOME/bin/java" -cp "$root/target/test-classes:$root/target/classes:$(cat "$cp_file")" \
  dev.parley.bench.FanoutBench --url "http://127.0.0.1:$port" --app "$app" --key "$data/default-app.key" \
  --members "$members" --rate "$rate" --seconds "$seconds"
echo "server heap after the run: $(jcmd $server GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' || echo n/a)"
