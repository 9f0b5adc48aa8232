# Sourced by the PostgreSQL benchmarks: a fresh database ($db, its JDBC URL $url), the packaged jar, a
# scratch directory ($data) and $pids, all cleaned up on exit (processes killed, database dropped).
"$root/bin/ensure-postgres"
db="parley_bench_$(date +%s)"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
(cd "$root" && mvn -q -B -DskipTests package)
data="$(mktemp -d)"
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$data"
}
trap cleanup EXIT
