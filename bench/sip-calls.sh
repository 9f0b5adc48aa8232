#!/usr/bin/env bash
# Voice benchmark: CALLS concurrent SIP calls from sipp into a running Parley, each streaming RTP
# (a looping mu-law tone, 50 packets/s) into a conversation of its own (a conversation-per-call NCCO),
# held HOLD seconds. Prints what sipp saw (calls held, failures, response times), the mixer's late
# 20 ms ticks, jitter-buffer losses and the server's CPU over the run. Loopback only.
# With a 4th argument "record", every call also records itself (NCCO record, split: two channels).
# Usage: bench/sip-calls.sh [concurrent calls, default 200] [hold seconds, default 30] [calls/s, default 20] [record]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
calls="${1:-200}"
hold="${2:-30}"
rate="${3:-20}"
[ "${4:-}" = "record" ] && export BENCH_RECORD=1
port=18091
sip_port=15060
answer_port=18098
data="$(mktemp -d)"
command -v sipp >/dev/null || { echo "install sipp first (apt-get install sip-tester)" >&2; exit 1; }
command -v sox >/dev/null || { echo "install sox first (apt-get install sox)" >&2; exit 1; }
(cd "$root" && mvn -q -B -DskipTests package)
sox -n -r 8000 -c 1 -e u-law "$data/tone.wav" synth 2 sine 1000 vol 0.5
sed -e "s|@TONE@|$data/tone.wav|" -e "s|@HOLD@|$(( hold * 1000 ))|" "$root/bench/sip-caller.xml" > "$data/caller.xml"
node "$root/bench/sip-answer.mjs" "$answer_port" &
answer=$!
"$root/bin/parley" serve --port "$port" --data-dir "$data" --sip-listen "127.0.0.1:$sip_port" \
  --rtp-ports 20000-29999 > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server $answer 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
"$root/bin/parley" app update --id "$app" --answer-url "http://127.0.0.1:$answer_port/answer" --data-dir "$data" >/dev/null
"$root/bin/parley" sip-domain create --name 127.0.0.1 --application-id "$app" --acl 127.0.0.0/8 --data-dir "$data" >/dev/null
metric() { curl -s "localhost:$port/metrics" | awk -v m="$1" '$1 == m { printf "%d", $2 }'; }
java_pid=$(pgrep -P "$server" java || echo "$server")
cpu() { awk '{ print $14 + $15 }' "/proc/$java_pid/stat"; }
ticks0=$(metric parley_voice_mixer_ticks_total); late0=$(metric parley_voice_mixer_late_ticks_total)
played0=$(metric parley_voice_frames_played_total); lost0=$(metric parley_voice_frames_lost_total)
cpu0=$(cpu); t0=$(date +%s.%N)
total=$(( calls * 2 ))
echo "== $total calls, at most $calls at once, $rate new calls/s, each streaming RTP for $hold s"
# Sample the calls held while sipp runs.
( peak=0; while kill -0 "$server" 2>/dev/null; do
    n=$(metric parley_voice_calls_active); [ "${n:-0}" -gt "$peak" ] && peak=$n && echo "$peak" > "$data/peak"
    sleep 1; done ) &
sampler=$!
sipp "127.0.0.1:$sip_port" -sf "$data/caller.xml" -i 127.0.0.1 -p 15070 -mp 30000 \
  -r "$rate" -l "$calls" -m "$total" -nostdin -timeout $(( hold * 4 + 120 ))s -trace_stat -stf "$data/stat.csv" > "$data/sipp.out" 2>&1 || true
kill $sampler 2>/dev/null || true
t1=$(date +%s.%N); cpu1=$(cpu)
ticks1=$(metric parley_voice_mixer_ticks_total); late1=$(metric parley_voice_mixer_late_ticks_total)
played1=$(metric parley_voice_frames_played_total); lost1=$(metric parley_voice_frames_lost_total)
tail -n 40 "$data/sipp.out" | grep -E "Successful call|Failed call|Call Rate" || true
last=$(tail -n 1 "$data/stat.csv")
echo "== sipp: $(echo "$last" | awk -F';' '{ print "successful calls " $16 ", failed calls " $18 }') (stat columns 16, 18)"
echo "== peak calls held by Parley: $(cat "$data/peak" 2>/dev/null || echo 0)"
awk -v t="$((ticks1 - ticks0))" -v l="$((late1 - late0))" -v p="$((played1 - played0))" -v x="$((lost1 - lost0))" \
    -v c0="$cpu0" -v c1="$cpu1" -v s="$t0" -v e="$t1" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" 'BEGIN {
  printf "== mixer: %d ticks, %d late (%.3f %%)\n", t, l, t ? 100 * l / t : 0
  printf "== jitter buffers: %d frames played, %d lost (%.3f %%)\n", p, x, (p + x) ? 100 * x / (p + x) : 0
  cpu = (c1 - c0) / hz; wall = e - s
  printf "== server CPU: %.1f s in %.1f s = %.0f %% of one core (%d cores)\n", cpu, wall, 100 * cpu / wall, cores
}'
