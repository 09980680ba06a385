#!/usr/bin/env bash
# Startup time and peak memory: no agent vs Warden vs the OpenTelemetry Java agent, in one run.
# Build first (from the repo root): mvn -q -pl bench -am package -DskipTests
# Options: --runs N --warmups N --jdk JAVA_HOME --warden-agent JAR --otel-agent JAR (see README.md)
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ ! -f "$bench_dir/target/classes/dev/warden/bench/StartupBench.class" ]]; then
  echo "bench is not built; run from the repo root: mvn -q -pl bench -am package -DskipTests" >&2
  exit 2
fi
exec java -cp "$bench_dir/target/classes" dev.warden.bench.StartupBench "$@"
