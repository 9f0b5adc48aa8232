#!/usr/bin/env bash
# In-app voice benchmark: LEGS concurrent App legs (Client-SDK-style calls over real ICE, DTLS and
# SRTP, from the load client src/test/java/dev/parley/bench/AppLegLoad.java) into a running Parley,
# set up at RATE a second, paired two by two in conversations, held HOLD seconds while every leg
# talks (PCMU, or Opus: Parley decodes and encodes Opus per leg). Prints the handshakes and their
# percentiles, mouth-to-ear through the mixer, the mixer's late 20 ms ticks, jitter-buffer losses and
# the server's CPU per leg. Loopback only.
# Usage: bench/app-legs.sh [legs, default 200] [hold seconds, default 30] [set-ups/s, default 20] [pcmu|opus]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
legs="${1:-200}"
hold="${2:-30}"
rate="${3:-20}"
codec="${4:-pcmu}"
port=18191
sip_port=15160
data="$(mktemp -d)"
(cd "$root" && mvn -q -B -DskipTests package && mvn -q -B test-compile \
  && mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$data/cp.txt")
"$root/bin/parley" serve --port "$port" --data-dir "$data" --sip-listen "127.0.0.1:$sip_port" \
  --rtp-ports 20000-29999 --rate-limit-user 1000 > "$data/serve.out" 2> "$data/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.5; done
app=$(sed -n 's/^Created the default application //p' "$data/serve.out")
metric() { curl -s "localhost:$port/metrics" | awk -v m="$1" '$1 == m { printf "%d", $2 }'; }
metric_real() { curl -s "localhost:$port/metrics" | awk -v m="$1" '$1 == m { printf "%.6f", $2 }'; }
java_pid=$(pgrep -P "$server" java || echo "$server")
cpu() { awk '{ print $14 + $15 }' "/proc/$java_pid/stat"; }
ticks0=$(metric parley_voice_mixer_ticks_total); late0=$(metric parley_voice_mixer_late_ticks_total)
played0=$(metric parley_voice_frames_played_total); lost0=$(metric parley_voice_frames_lost_total)
unsent0=$(metric parley_voice_frames_unsent_total); dropped0=$(metric parley_voice_frames_dropped_total); waited0=$(metric_real parley_voice_playout_wait_seconds_total)
cpu0=$(cpu); t0=$(date +%s.%N)
echo "== $legs App legs ($codec), $rate set-ups/s, held $hold s"
PARLEY_PID="$java_pid" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$root/target/classes:$root/target/test-classes:$(cat "$data/cp.txt")" \
  dev.parley.bench.AppLegLoad "http://127.0.0.1:$port" "$app" "$data/default-app.key" "$legs" "$hold" "$rate" "$codec"
t1=$(date +%s.%N); cpu1=$(cpu)
ticks1=$(metric parley_voice_mixer_ticks_total); late1=$(metric parley_voice_mixer_late_ticks_total)
played1=$(metric parley_voice_frames_played_total); lost1=$(metric parley_voice_frames_lost_total)
unsent1=$(metric parley_voice_frames_unsent_total); dropped1=$(metric parley_voice_frames_dropped_total); waited1=$(metric_real parley_voice_playout_wait_seconds_total)
awk -v u="$((unsent1 - unsent0))" -v d="$((dropped1 - dropped0))" -v w0="$waited0" -v w1="$waited1" -v p="$((played1 - played0))" 'BEGIN {
  printf "== jitter buffers: average playout wait %.1f ms, %d frames dropped as surplus delay\n", p ? 1000 * (w1 - w0) / p : 0, d
  printf "== mixed frames dropped unsent (encoders behind): %d\n", u
}'
awk -v t="$((ticks1 - ticks0))" -v l="$((late1 - late0))" -v p="$((played1 - played0))" -v x="$((lost1 - lost0))" \
    -v c0="$cpu0" -v c1="$cpu1" -v s="$t0" -v e="$t1" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" -v legs="$legs" 'BEGIN {
  printf "== whole run (set-up included): mixer %d ticks, %d late (%.3f %%)\n", t, l, t ? 100 * l / t : 0
  printf "== jitter buffers: %d frames played, %d lost (%.3f %%)\n", p, x, (p + x) ? 100 * x / (p + x) : 0
  cpu = (c1 - c0) / hz; wall = e - s
  printf "== whole run: server CPU %.1f s in %.1f s = %.0f %% of one core (%d cores)\n", cpu, wall, 100 * cpu / wall, cores
}'
