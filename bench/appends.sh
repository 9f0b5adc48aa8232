#!/usr/bin/env bash
# Append throughput (issue 6): authenticated POST .../events (text messages) from CONNECTIONS
# connections, spread over 100 conversations and then into one hot conversation, beside the HTTP
# ceiling (GET /v1/conversations/{id}, the cheapest authenticated endpoint), all against one fresh
# server. Prints one RESULT line per run: req/s, p50/p99/p999, errors. Every 201 is durable.
# SQLite by default; PARLEY_DB_URL=jdbc:postgresql://... runs on PostgreSQL (a fresh database there).
# PARLEY_LIMITS=default runs serve with its default rate limits (fair share, per user) instead of none.
# Needs wrk. Usage: bench/appends.sh [duration, default 20s] [connections, default 64] [conversations, default 100]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
duration="${1:-20s}"
connections="${2:-64}"
conversations="${3:-100}"
port=18095
command -v wrk >/dev/null || { echo "install wrk first (apt-get install wrk)" >&2; exit 1; }
(cd "$root" && mvn -q -B -DskipTests package) > /dev/null
data="$(mktemp -d)"
db_args=()
db=""
if [ -n "${PARLEY_DB_URL:-}" ]; then
  "$root/bin/ensure-postgres"
  db="parley_bench_$(date +%s)"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
  db_args=(--db-url "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres")
fi
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  [ -z "$db" ] || psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$data"
}
limit_args=(--rate-limit-application 0 --rate-limit-user 0 --fair-share-slots 0)
[ "${PARLEY_LIMITS:-off}" = default ] && limit_args=()
"$root/bin/parley" serve "${limit_args[@]}" --port "$port" --data-dir "$data" "${db_args[@]}" > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
token=$("$root/bin/parley" jwt --application-id "$app" --private-key "$data/default-app.key")
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
conversation_id() { sed 's/.*"id":"\(CON-[^"]*\)".*/\1/'; }
join() {  # conversation user-name -> member id
  api -X POST "localhost:$port/v1/users" -d "{\"name\":\"$2\"}" >/dev/null
  api -X POST "localhost:$port/v1/conversations/$1/members" \
    -d "{\"state\":\"joined\",\"user\":{\"name\":\"$2\"},\"channel\":{\"type\":\"app\"}}" | sed 's/^{"id":"\(MEM-[^"]*\)".*/\1/'
}
spread=""
for c in $(seq 1 "$conversations"); do
  conversation=$(api -X POST "localhost:$port/v1/conversations" -d "{\"name\":\"spread-$c\"}" | conversation_id)
  spread="${spread:+$spread,}$conversation:$(join "$conversation" "spread-$c")"
done
hot_conversation=$(api -X POST "localhost:$port/v1/conversations" -d '{"name":"hot"}' | conversation_id)
hot=""
for i in $(seq 1 20); do
  hot="${hot:+$hot,}$hot_conversation:$(join "$hot_conversation" "hot-$i")"
done
export PARLEY_TOKEN="$token" PARLEY_BENCH_DIR="$root/bench"
run() {  # label script targets duration
  PARLEY_LABEL="$1" PARLEY_TARGETS="$3" wrk -t2 -c"$connections" -d"$4" -s "$root/bench/$2" "http://127.0.0.1:$port" | grep '^RESULT'
}
echo "== $(nproc) cores, ${PARLEY_DB_URL:+PostgreSQL}${PARLEY_DB_URL:-SQLite}, $connections connections, $duration per run, limits ${PARLEY_LIMITS:-off}"
run warm-up post-events.lua "$spread" "${WARMUP:-30s}" >/dev/null
PARLEY_PATH="/v1/conversations/$hot_conversation" run "ceiling GET conversation" get-path.lua "" "$duration"
run "appends, $conversations conversations" post-events.lua "$spread" "$duration"
run "appends, one conversation" post-events.lua "$hot" "$duration"
echo "== server resident memory after the load: $(ps -o rss= -p "$server" | awk '{ printf "%.0f MB", $1 / 1024 }')"
stored=$(for c in $(echo "$spread,$hot" | tr ',' '\n' | cut -d: -f1 | sort -u); do
  api "localhost:$port/v1/conversations/$c" | sed 's/.*"sequence_number":\([0-9]*\).*/\1/'; echo
done | awk '{ s += $1 } END { print s }')
echo "== events stored (sum of sequence numbers, includes the member joins): $stored"
