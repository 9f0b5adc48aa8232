#!/usr/bin/env bash
# History reads (issue 6): pages of 100 events from one conversation holding EVENTS events (default
# 1,000,000): the first page, a page in the middle reached by its cursor, and the newest page.
# The events are loaded straight into the SQLite file with the sqlite3 CLI (loading a million through
# the API would take minutes; the reads are what is measured), then read through the server with wrk.
# Needs wrk and sqlite3. Usage: [WARMUP=30s] bench/history.sh [events] [duration, default 15s] [connections, default 8]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
events="${1:-1000000}"
duration="${2:-15s}"
connections="${3:-8}"
port=18096
for tool in wrk sqlite3; do command -v $tool >/dev/null || { echo "install $tool first (apt-get install $tool)" >&2; exit 1; }; done
(cd "$root" && mvn -q -B -DskipTests package) > /dev/null
data="$(mktemp -d)"
server=""
start() {
  "$root/bin/parley" serve --rate-limit-application 0 --rate-limit-user 0 --port "$port" --data-dir "$data" >> "$data/serve.out" 2>> "$data/serve.err" &
  server=$!
  for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.25; done
}
trap 'kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$data"' EXIT
start
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
token=$("$root/bin/parley" jwt --application-id "$app" --private-key "$data/default-app.key")
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
conversation=$(api -X POST "localhost:$port/v1/conversations" -d '{"name":"history"}' | sed 's/.*"id":"\(CON-[^"]*\)".*/\1/')
api -X POST "localhost:$port/v1/users" -d '{"name":"historian"}' >/dev/null
member=$(api -X POST "localhost:$port/v1/conversations/$conversation/members" \
  -d '{"state":"joined","user":{"name":"historian"},"channel":{"type":"app"}}' | sed 's/^{"id":"\(MEM-[^"]*\)".*/\1/')
kill "$server"; wait "$server" || true
echo "== loading $events events into one conversation"
sqlite3 "$data/parley.db" <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $events),
     base AS (SELECT (SELECT sequence_number FROM conversations WHERE id = '$conversation') AS seq,
                     (SELECT position FROM stream WHERE id = 1) AS pos,
                     CAST(strftime('%s', 'now') AS INTEGER) * 1000 AS now)
INSERT INTO events (conversation_id, id, position, type, from_member, body_json, created_ms)
SELECT '$conversation', base.seq + i, base.pos + i, 'message', '$member',
       '{"message_type":"text","text":"history message ' || i || '"}', base.now + i
FROM n, base;
UPDATE conversations SET sequence_number = sequence_number + $events WHERE id = '$conversation';
UPDATE stream SET position = position + $events WHERE id = 1;
COMMIT;
SQL
start
total=$(api "localhost:$port/v1/conversations/$conversation" | sed 's/.*"sequence_number":\([0-9]*\).*/\1/')
echo "== conversation holds $total events; $connections connections, $duration per run"
middle=$(( total / 2 ))
next=$(api "localhost:$port/v1/conversations/$conversation/events?order=asc&page_size=100&start_id=$((middle - 100))" \
  | sed 's/.*"next":{"href":"\([^"]*\)".*/\1/' | sed 's|^https\?://[^/]*||')
export PARLEY_TOKEN="$token" PARLEY_BENCH_DIR="$root/bench"
run() {  # label path
  PARLEY_LABEL="$1" PARLEY_PATH="$2" wrk -t2 -c"$connections" -d"$duration" -s "$root/bench/get-path.lua" "http://127.0.0.1:$port" | grep '^RESULT'
}
PARLEY_LABEL=warm-up PARLEY_PATH="/v1/conversations/$conversation/events?page_size=100" \
  wrk -t2 -c"$connections" -d"${WARMUP:-30s}" -s "$root/bench/get-path.lua" "http://127.0.0.1:$port" >/dev/null
run "first page (oldest 100)" "/v1/conversations/$conversation/events?order=asc&page_size=100"
run "middle page, by cursor" "$next"
run "last page (newest 100)" "/v1/conversations/$conversation/events?order=desc&page_size=100"
echo "== middle page request: $next"
echo "== database size: $(du -sh "$data/parley.db" | cut -f1)"
