#!/usr/bin/env bash
# Per-call overhead on a SELECT by key through JDBC: no agent, Warden without and with spans, the OpenTelemetry agent.
# H2 in memory by default; --postgresql first starts a throwaway PostgreSQL server on loopback (the machine's
# binaries under /usr/lib/postgresql, run as the postgres user when root) and stops and deletes it at exit.
# Build first (from the repo root): mvn -q -pl bench -am package -DskipTests
# Options: [--postgresql] --runs N --warmup-calls N --calls N --jdk JAVA_HOME --warden-agent JAR --otel-agent JAR
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$bench_dir/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "bench is not built; run from the repo root: mvn -q -pl bench -am package -DskipTests" >&2
  exit 2
fi
if [[ "${1:-}" != "--postgresql" ]]; then
  exec java -cp "$jar" dev.warden.bench.JdbcCallBench "$@"
fi
shift
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[[ -x "$bin/postgres" ]] || { echo "no PostgreSQL binaries under /usr/lib/postgresql" >&2; exit 2; }
as_postgres=()
[[ "$(id -u)" == 0 ]] && as_postgres=(runuser -u postgres --)
base="$(mktemp -d /tmp/warden-bench-pg.XXXXXX)"
[[ "$(id -u)" == 0 ]] && chown postgres "$base"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop() {
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$base/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$base"
}
trap stop EXIT
"${as_postgres[@]}" "$bin/initdb" -D "$base/data" -U postgres --auth=trust --no-sync -E UTF8 >/dev/null
"${as_postgres[@]}" "$bin/pg_ctl" -D "$base/data" -w -t 30 -l "$base/server.log" \
  -o "-p $port -c listen_addresses=127.0.0.1 -k $base -c fsync=off" start >/dev/null
"${as_postgres[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
java -cp "$jar" dev.warden.bench.JdbcCallBench --url "jdbc:postgresql://127.0.0.1:$port/bench" --user postgres \
  --warmup-calls 20000 --calls 20000 "$@"
