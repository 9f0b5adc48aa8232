#!/usr/bin/env bash
# Voice API control across nodes: two Parley nodes on one fresh PostgreSQL database, one SIP call
# (sipp, streaming RTP) answered by node 1, then the same control request (PUT /v1/calls/{uuid}
# mute, then unmute) sent COUNT times to node 1 (the call is local) and to node 2 (the request is
# handed to node 1 through the database): throughput and latency percentiles of each.
# Needs PostgreSQL at 127.0.0.1:5432 (trust), sipp, sox and node. Loopback only.
# Usage: bench/cross-node-control.sh [count, default 2000] [concurrency, default 4]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
count="${1:-2000}"
concurrency="${2:-4}"
answer_port=18099
command -v sipp >/dev/null || { echo "install sipp first (apt-get install sip-tester)" >&2; exit 1; }
command -v sox >/dev/null || { echo "install sox first (apt-get install sox)" >&2; exit 1; }
source "$root/bench/fresh-postgres.sh"
node "$root/bench/sip-answer.mjs" "$answer_port" &
pids+=($!)
for n in 1 2; do
  mkdir -p "$data/$n"
  "$root/bin/parley" serve --rate-limit-application 0 --rate-limit-user 0 --port $((18110 + n)) \
    --data-dir "$data/$n" --db-url "$url" --sip-listen "127.0.0.1:$((15080 + n))" \
    --rtp-ports "$((21000 + n * 1000))-$((21999 + n * 1000))" > "$data/$n/serve.out" 2> "$data/$n/serve.err" &
  pids+=($!)
  for _ in $(seq 1 120); do curl -sf "localhost:$((18110 + n))/health" >/dev/null && break; sleep 0.5; done
done
app=$(sed -n 's/^Created the default application //p' "$data/1/serve.out")
token=$("$root/bin/parley" jwt --application-id "$app" --private-key "$data/1/default-app.key")
"$root/bin/parley" app update --id "$app" --answer-url "http://127.0.0.1:$answer_port/answer" --db-url "$url" >/dev/null
"$root/bin/parley" sip-domain create --name 127.0.0.1 --application-id "$app" --acl 127.0.0.0/8 --db-url "$url" >/dev/null
sox -n -r 8000 -c 1 -e u-law "$data/tone.wav" synth 2 sine 1000 vol 0.5
sed -e "s|@TONE@|$data/tone.wav|" -e "s|@HOLD@|600000|" "$root/bench/sip-caller.xml" > "$data/caller.xml"
sipp 127.0.0.1:15081 -sf "$data/caller.xml" -i 127.0.0.1 -p 15090 -mp 32000 -m 1 -nostdin > "$data/sipp.out" 2>&1 &
pids+=($!)
uuid=""
for _ in $(seq 1 60); do
  uuid=$(curl -sf -H "Authorization: Bearer $token" "localhost:18111/v1/calls?status=answered" \
    | sed -n 's/.*"uuid":"\([0-9a-f-]\{36\}\)".*/\1/p' | head -n 1)
  [ -n "$uuid" ] && break
  sleep 0.5
done
[ -n "$uuid" ] || { echo "the call was not answered" >&2; cat "$data/sipp.out" >&2; exit 1; }
echo "== one SIP call on node 1 ($uuid); $count requests each, $concurrency in flight"
bench() {
  node "$root/bench/control-latency.mjs" "http://127.0.0.1:$1" "$token" PUT "/v1/calls/$uuid" "$2" 200 "$concurrency" warm-up >/dev/null
  node "$root/bench/control-latency.mjs" "http://127.0.0.1:$1" "$token" PUT "/v1/calls/$uuid" "$2" "$count" "$concurrency" "$3"
}
bench 18111 '{"action":"mute"}' "node 1 (local call), mute"
bench 18112 '{"action":"mute"}' "node 2 (forwarded), mute"
bench 18111 '{"action":"unmute"}' "node 1 (local call), unmute"
bench 18112 '{"action":"unmute"}' "node 2 (forwarded), unmute"
