#!/usr/bin/env bash
# What Opus would cost per App leg (issue 23): Concentus (pure Java) against the system's libopus
# (Debian libopus0) through the JDK's foreign-function API, 16 kHz mono, 20 ms frames, 32 kb/s.
# Usage: bench/opus.sh [seconds of audio, default 60] [complexity 0-10, default 5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/java-home.sh"
[ -e /usr/lib/x86_64-linux-gnu/libopus.so.0 ] || { echo "install libopus0 first (apt-get install libopus0)" >&2; exit 1; }
version=1.0.2
mvn -q -B dependency:get -Dartifact="io.github.jaredmdobson:concentus:$version" >/dev/null
jar="$HOME/.m2/repository/io/github/jaredmdobson/concentus/$version/concentus-$version.jar"
java --enable-native-access=ALL-UNNAMED -cp "$jar" "$root/bench/OpusCost.java" "${1:-60}" "${2:-5}"
