#!/usr/bin/env bash
# Conference benchmark: CONFERENCES conversations of SIZE WebSocket legs each (bench/conference.mjs
# dials them through POST /v1/calls and measures mouth-to-ear latency through the mixer), plus
# SIPP_LEGS sipp callers streaming RTP into conference 0. Prints latency percentiles, the mixer's late
# ticks, jitter-buffer loss and the server's CPU. Loopback only.
# Usage: bench/conference.sh [conferences, default 1] [size, default 20] [seconds, default 30]
# Environment: SIPP_LEGS (default 0), WARMUP (default 5).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
source "$root/bin/node-deps.sh"
conferences="${1:-1}"
size="${2:-20}"
seconds="${3:-30}"
sipp_legs="${SIPP_LEGS:-0}"
port=18092
sip_port=15062
answer_port=18098
data="$(mktemp -d)"
install_node_deps "$root/src/test/node"
(cd "$root" && mvn -q -B -DskipTests package)
node "$root/bench/sip-answer.mjs" "$answer_port" &
answer=$!
"$root/bin/parley" serve --port "$port" --data-dir "$data" --sip-listen "127.0.0.1:$sip_port" \
  --rate-limit-application 0 --rate-limit-user 0 --rtp-ports 20000-29999 > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server $answer 2>/dev/null; pkill -f "sipp 127.0.0.1:$sip_port" 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
"$root/bin/parley" app update --id "$app" --answer-url "http://127.0.0.1:$answer_port/answer" --data-dir "$data" >/dev/null
"$root/bin/parley" sip-domain create --name 127.0.0.1 --application-id "$app" --acl 127.0.0.0/8 --data-dir "$data" >/dev/null
metric() { curl -s "localhost:$port/metrics" | awk -v m="$1" '$1 == m { printf "%d", $2 }'; }
java_pid=$(pgrep -P "$server" java || echo "$server")
cpu() { awk '{ print $14 + $15 }' "/proc/$java_pid/stat"; }
if [ "$sipp_legs" -gt 0 ]; then
  command -v sox >/dev/null || { echo "install sox first (apt-get install sox)" >&2; exit 1; }
  sox -n -r 8000 -c 1 -e u-law "$data/tone.wav" synth 2 sine 700 vol 0.3
  hold=$(( (seconds + ${WARMUP:-5} + 30) * 1000 ))
  sed -e "s|@TONE@|$data/tone.wav|" -e "s|@HOLD@|$hold|" "$root/bench/sip-caller.xml" \
    | sed -e "s|sip:bench@\[remote_ip\]|sip:bench-conference-0@[remote_ip]|" > "$data/caller.xml"
  sipp "127.0.0.1:$sip_port" -sf "$data/caller.xml" -i 127.0.0.1 -p 15072 -mp 32000 -r 20 -l "$sipp_legs" \
    -m "$sipp_legs" -nostdin -timeout $(( hold / 1000 + 60 ))s > "$data/sipp.out" 2>&1 &
  for _ in $(seq 1 100); do [ "$(metric parley_voice_calls_active)" -ge "$sipp_legs" ] && break; sleep 0.2; done
fi
ticks0=$(metric parley_voice_mixer_ticks_total); late0=$(metric parley_voice_mixer_late_ticks_total)
played0=$(metric parley_voice_frames_played_total); lost0=$(metric parley_voice_frames_lost_total)
cpu0=$(cpu); t0=$(date +%s.%N)
( peak=0; while kill -0 "$server" 2>/dev/null; do
    n=$(metric parley_voice_calls_active); [ "${n:-0}" -gt "$peak" ] && peak=$n && echo "$peak" > "$data/peak"
    sleep 1; done ) &
sampler=$!
node "$root/bench/conference.mjs" --url "http://127.0.0.1:$port" --app "$app" --key "$data/default-app.key" \
  --conferences "$conferences" --size "$size" --seconds "$seconds" --warmup "${WARMUP:-5}"
t1=$(date +%s.%N); cpu1=$(cpu)
ticks1=$(metric parley_voice_mixer_ticks_total); late1=$(metric parley_voice_mixer_late_ticks_total)
played1=$(metric parley_voice_frames_played_total); lost1=$(metric parley_voice_frames_lost_total)
kill $sampler 2>/dev/null || true
echo "== peak legs held: $(cat "$data/peak" 2>/dev/null || echo 0) ($sipp_legs of them sipp RTP callers in conference 0)"
awk -v t="$((ticks1 - ticks0))" -v l="$((late1 - late0))" -v p="$((played1 - played0))" -v x="$((lost1 - lost0))" \
    -v c0="$cpu0" -v c1="$cpu1" -v s="$t0" -v e="$t1" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" 'BEGIN {
  printf "== mixer: %d ticks, %d late (%.3f %%)\n", t, l, t ? 100 * l / t : 0
  printf "== RTP jitter buffers: %d frames played, %d lost (%.3f %%)\n", p, x, (p + x) ? 100 * x / (p + x) : 0
  cpu = (c1 - c0) / hz; wall = e - s
  printf "== server CPU: %.1f s in %.1f s = %.0f %% of one core (%d cores)\n", cpu, wall, 100 * cpu / wall, cores
}'
